import type { Installation, Machine } from '../state/machine';

/**
 * The installs a machine has now, whatever the state of their licenses (R-V3):
 * installed ones, and an expired install that a pending reinstall is replacing
 * (it stays on the machine until the reinstall completes).
 *
 * @since 0.1.0
 */
export const installedNow = (machine: Machine): Installation[] =>
  machine.deletedAt !== null
    ? []
    : machine.installs.flatMap((install) => {
        if (install.status === 'installed') return [install];
        return install.replaces !== null ? [install.replaces] : [];
      });

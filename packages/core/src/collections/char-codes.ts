/** Strings up to this many code units are made by {@link stringOfCodes}: one `String.fromCharCode` call with each code an argument of its own. */
export const MAX_ARGUMENT_CODES = 16;

const fromCharCode = String.fromCharCode;

/** The code at `i` (the caller has checked the bounds). */
const codeAt = (b: Uint8Array | Uint16Array, i: number): number => b[i] as number;

/**
 * The string of the `length` (0 to {@link MAX_ARGUMENT_CODES}) UTF-16 code units
 * (or bytes of ASCII) from `s` of `b`: the codes passed to one `String.fromCharCode`
 * call each as an argument of its own, about three times faster than a list of
 * them spread by `apply` (measured), and a flat string (a string joined by `+` is,
 * from 13 characters on, a pair that the first lookup by it copies into a third).
 * What a snapshot's machine ids and every license id (`licenseIdOf`) are made by.
 * Not exported from the package.
 */
export const stringOfCodes = (b: Uint8Array | Uint16Array, s: number, length: number): string => {
  switch (length) {
    case 0:
      return '';
    case 1:
      return fromCharCode(codeAt(b, s));
    case 2:
      return fromCharCode(codeAt(b, s), codeAt(b, s + 1));
    case 3:
      return fromCharCode(codeAt(b, s), codeAt(b, s + 1), codeAt(b, s + 2));
    case 4:
      return fromCharCode(codeAt(b, s), codeAt(b, s + 1), codeAt(b, s + 2), codeAt(b, s + 3));
    case 5:
      return fromCharCode(codeAt(b, s), codeAt(b, s + 1), codeAt(b, s + 2), codeAt(b, s + 3), codeAt(b, s + 4));
    case 6:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
      );
    case 7:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
      );
    case 8:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
      );
    case 9:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
        codeAt(b, s + 8),
      );
    case 10:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
        codeAt(b, s + 8),
        codeAt(b, s + 9),
      );
    case 11:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
        codeAt(b, s + 8),
        codeAt(b, s + 9),
        codeAt(b, s + 10),
      );
    case 12:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
        codeAt(b, s + 8),
        codeAt(b, s + 9),
        codeAt(b, s + 10),
        codeAt(b, s + 11),
      );
    case 13:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
        codeAt(b, s + 8),
        codeAt(b, s + 9),
        codeAt(b, s + 10),
        codeAt(b, s + 11),
        codeAt(b, s + 12),
      );
    case 14:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
        codeAt(b, s + 8),
        codeAt(b, s + 9),
        codeAt(b, s + 10),
        codeAt(b, s + 11),
        codeAt(b, s + 12),
        codeAt(b, s + 13),
      );
    case 15:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
        codeAt(b, s + 8),
        codeAt(b, s + 9),
        codeAt(b, s + 10),
        codeAt(b, s + 11),
        codeAt(b, s + 12),
        codeAt(b, s + 13),
        codeAt(b, s + 14),
      );
    default:
      return fromCharCode(
        codeAt(b, s),
        codeAt(b, s + 1),
        codeAt(b, s + 2),
        codeAt(b, s + 3),
        codeAt(b, s + 4),
        codeAt(b, s + 5),
        codeAt(b, s + 6),
        codeAt(b, s + 7),
        codeAt(b, s + 8),
        codeAt(b, s + 9),
        codeAt(b, s + 10),
        codeAt(b, s + 11),
        codeAt(b, s + 12),
        codeAt(b, s + 13),
        codeAt(b, s + 14),
        codeAt(b, s + 15),
      );
  }
};

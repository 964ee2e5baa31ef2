import { attachedDigestWords, type BodyDigest, digestFromWords } from '../../src/ledger/body-digest';

/** The digest a decoded entry carries, as the string `bodyDigest` gives, if it carries one. */
export const attachedDigest = (entry: object): BodyDigest | undefined => {
  const words = new Int32Array(4);
  return attachedDigestWords(entry, words)
    ? digestFromWords(words[0] as number, words[1] as number, words[2] as number, words[3] as number)
    : undefined;
};

import { Fragment, type ReactNode } from 'react';
import type { MessageKey } from '../../shared/i18n/message.js';
import type { MessageValues } from '../../shared/i18n/translator.js';
import { useT } from '../state/i18n/use-t.js';

/** Marks where a part goes in the translated text; invisible, and never in a catalog. */
const MARK = '\u2063';

/**
 * A message with React parts in it (`Signed in to {server} as {name}` with the names in bold): the
 * translation decides where each part goes, so no sentence is glued together from pieces.
 */
export function Sentence({
  k,
  values,
  parts,
}: {
  readonly k: MessageKey;
  readonly values?: MessageValues;
  readonly parts: Readonly<Record<string, ReactNode>>;
}) {
  const { t } = useT();
  const marks = Object.fromEntries(Object.keys(parts).map((name) => [name, `${MARK}${name}${MARK}`]));
  const pieces = t(k, { ...values, ...marks }).split(new RegExp(`${MARK}(\\w+)${MARK}`));
  return (
    <>
      {pieces.map((piece, i) => (
        // Odd pieces are part names (the split's captures), even ones the text between them.
        // biome-ignore lint/suspicious/noArrayIndexKey: the pieces of one message never reorder.
        <Fragment key={i}>{i % 2 === 1 ? parts[piece] : piece}</Fragment>
      ))}
    </>
  );
}

package dev.escu.pssession.ingest.format.evtx;

/**
 * What {@link BinXmlWalker} reads from a record, in document order, with templates already filled
 * in. After {@link #startElement} come its attributes, each followed by the pieces of its value,
 * then {@link #closeStartTag} (content follows) or directly {@link #endElement} (an empty element).
 */
interface BinXmlHandler {

    void startElement(Name name);

    void attribute(Name name);

    void closeStartTag();

    void endElement();

    /** Literal text: {@code units} UTF-16LE code units at {@code offset} (value text or CDATA). */
    void text(byte[] bytes, int offset, int units);

    /** A character reference or one of the five predefined entity references, as its character. */
    void character(char c);

    /** A substitution value of {@code type} (not NULL, not BinXml), {@code size} bytes at {@code offset}. */
    void value(int type, byte[] bytes, int offset, int size);
}

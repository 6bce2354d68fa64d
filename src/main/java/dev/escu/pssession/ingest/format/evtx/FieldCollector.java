package dev.escu.pssession.ingest.format.evtx;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Turns what {@link BinXmlWalker} reads into the fields {@code XmlEventFormat} would read from the
 * same event rendered as Windows XML, by the same rules: the text of the System elements
 * {@code EventID, Version, Level, Task, Opcode, Keywords, EventRecordID, Channel, Computer}, the
 * attributes {@code Provider/@Name, @Guid}, {@code TimeCreated/@SystemTime},
 * {@code Correlation/@ActivityID}, {@code Execution/@ProcessID, @ThreadID},
 * {@code Security/@UserID}, and each {@code EventData/Data} under its {@code Name}; the first
 * occurrence wins, an element's text is what follows its last child. Only text that becomes a field
 * is built; the rest is only counted, for the limits.
 */
final class FieldCollector implements BinXmlHandler {

    private final int maxFieldChars;
    private final int maxChars;

    private Map<String, String> fields;
    private Name[] stack = new Name[16];
    private int depth;
    private boolean inTag;

    /** The current run of element text, kept only when it will be a field. */
    private final TextBuffer text = new TextBuffer();
    private int runLength;
    private boolean capturing;
    /** Characters of text the record renders to, kept or not. */
    private int total;

    private final TextBuffer attributeText = new TextBuffer();
    private String attributeField;
    private boolean attributeIsDataName;
    private int attributesSeen;
    private int systemChild;
    private boolean dataUnderEventData;
    private String dataName;

    private final TextBuffer scratch = new TextBuffer();

    /**
     * @param maxFieldChars the longest run of element text, as the XML reader bounds it
     * @param maxChars      the most text one record may render to (templates can repeat a value)
     */
    FieldCollector(int maxFieldChars, int maxChars) {
        this.maxFieldChars = maxFieldChars;
        this.maxChars = maxChars;
    }

    void begin() {
        fields = new LinkedHashMap<>(32); // a 4104 has about 20 fields: no resizing
        depth = 0;
        inTag = false;
        total = 0;
        dataName = null;
        forgetText();
    }

    /** What was gathered of the element before: its text and the attribute being read. */
    private void forgetText() {
        text.clear();
        runLength = 0;
        capturing = false;
        attributeField = null;
        attributeIsDataName = false;
    }

    Map<String, String> fields() {
        return fields;
    }

    @Override
    public void startElement(Name name) {
        int parentRole = depth == 0 ? Name.OTHER : stack[depth - 1].role();
        if (depth == stack.length) {
            stack = java.util.Arrays.copyOf(stack, depth * 2);
        }
        stack[depth++] = name;
        inTag = true;
        forgetText();
        attributesSeen = 0;
        systemChild = parentRole == Name.SYSTEM ? name.role() : Name.OTHER;
        dataUnderEventData = name.role() == Name.DATA && parentRole == Name.EVENT_DATA;
        if (dataUnderEventData) {
            dataName = null;
        }
    }

    @Override
    public void attribute(Name name) {
        finishAttribute();
        int bit = 1 << name.role();
        boolean first = (attributesSeen & bit) == 0; // the XML reader takes an element's first such attribute
        attributesSeen |= bit;
        if (first && name.role() != Name.OTHER) {
            attributeField = systemAttributeField(systemChild, name.role());
            attributeIsDataName = dataUnderEventData && name.role() == Name.NAME;
            attributeText.clear();
        }
    }

    private static String systemAttributeField(int element, int attribute) {
        return switch (element) {
            case Name.PROVIDER -> attribute == Name.NAME ? "Name" : attribute == Name.GUID ? "Guid" : null;
            case Name.TIME_CREATED -> attribute == Name.SYSTEM_TIME ? "SystemTime" : null;
            case Name.CORRELATION -> attribute == Name.ACTIVITY_ID ? "ActivityID" : null;
            case Name.EXECUTION -> attribute == Name.PROCESS_ID ? "ProcessID" : attribute == Name.THREAD_ID ? "ThreadID" : null;
            case Name.SECURITY -> attribute == Name.USER_ID ? "UserID" : null;
            default -> null;
        };
    }

    private void finishAttribute() {
        if (attributeField != null || attributeIsDataName) {
            if (attributeField != null) {
                fields.putIfAbsent(attributeField, attributeText.toString());
            }
            if (attributeIsDataName) {
                dataName = dataName();
            }
            attributeField = null;
            attributeIsDataName = false;
        }
    }

    /** Recent Data names: the same few come in every record, and a known String keeps its hash. */
    private final String[] dataNames = new String[32];
    private int dataNameCount;
    private int nextDataName;

    private String dataName() {
        for (int i = 0; i < dataNameCount; i++) {
            if (attributeText.contentEquals(dataNames[i])) {
                return dataNames[i];
            }
        }
        String name = attributeText.toString();
        dataNames[nextDataName] = name; // a hostile file's many names just take turns
        nextDataName = (nextDataName + 1) % dataNames.length;
        dataNameCount = Math.min(dataNameCount + 1, dataNames.length);
        return name;
    }

    private boolean keepsAttribute() {
        return attributeField != null || attributeIsDataName;
    }

    @Override
    public void closeStartTag() {
        finishAttribute();
        inTag = false;
        capturing = wantsText();
    }

    /** Whether the current element's text becomes a field when it ends. */
    private boolean wantsText() {
        if (depth < 2) {
            return false;
        }
        Name element = stack[depth - 1];
        int parentRole = stack[depth - 2].role();
        return parentRole == Name.SYSTEM && element.isSystemText()
                || element.role() == Name.DATA && parentRole == Name.EVENT_DATA && dataName != null;
    }

    @Override
    public void endElement() {
        if (inTag) {
            finishAttribute();
            inTag = false;
        }
        Name element = stack[--depth];
        int parentRole = depth == 0 ? Name.OTHER : stack[depth - 1].role();
        if (parentRole == Name.SYSTEM && element.isSystemText()) {
            fields.putIfAbsent(element.local(), capturing ? text.toString() : "");
        } else if (element.role() == Name.DATA && parentRole == Name.EVENT_DATA && dataName != null) {
            fields.putIfAbsent(dataName, capturing ? text.toString() : "");
            dataName = null;
        }
        // text after this end tag belongs to the parent, from here on
        text.clear();
        runLength = 0;
        capturing = wantsText();
    }

    @Override
    public void text(byte[] bytes, int offset, int units) {
        if (inTag) {
            count(units);
            if (keepsAttribute()) {
                attributeText.appendUtf16(bytes, offset, units);
            }
        } else {
            run(units);
            if (capturing) {
                text.appendUtf16(bytes, offset, units);
            }
        }
    }

    @Override
    public void character(char c) {
        if (inTag) {
            count(1);
            if (keepsAttribute()) {
                attributeText.append(c);
            }
        } else {
            run(1);
            if (capturing) {
                text.append(c);
            }
        }
    }

    @Override
    public void value(int type, byte[] bytes, int offset, int size) {
        TextBuffer into = inTag ? (keepsAttribute() ? attributeText : null) : (capturing ? text : null);
        int length;
        if (into == null) {
            length = EvtxValues.renderedLength(type, bytes, offset, size, scratch);
        } else {
            int before = into.length();
            EvtxValues.render(type, bytes, offset, size, 0, into);
            length = into.length() - before;
        }
        if (inTag) {
            count(length);
        } else {
            run(length);
        }
    }

    private void run(int length) {
        runLength += length;
        if (runLength > maxFieldChars) {
            throw new BadRecordException("A field is longer than " + maxFieldChars + " characters.");
        }
        count(length);
    }

    private void count(int length) {
        total += length;
        if (total > maxChars) {
            throw new BadRecordException("The record renders to more than " + maxChars + " characters of text.");
        }
    }
}

package dev.escu.pssession.detection.escu;

import dev.escu.pssession.detection.spl.SearchLimits;

/**
 * Bounds on reading one content file, so that a hostile or broken file is skipped with a reason,
 * never a hang or an OutOfMemoryError.
 *
 * @param maxFileBytes largest file read (larger ones are skipped unread)
 * @param maxYamlDepth deepest nesting of YAML mappings and sequences
 * @param maxYamlNodes most YAML nodes a file may hold once its aliases are expanded (billion laughs)
 * @param search       the bounds on compiling the search
 */
public record ContentLimits(int maxFileBytes, int maxYamlDepth, int maxYamlNodes, SearchLimits search) {

    public static final ContentLimits DEFAULT = new ContentLimits(1 << 20, 64, 100_000, SearchLimits.DEFAULT);

    public ContentLimits {
        if (maxFileBytes < 1 || maxYamlDepth < 1 || maxYamlNodes < 1 || search == null) {
            throw new IllegalArgumentException("content limits must be positive");
        }
    }
}

package dev.escu.pssession.ingest.format;

/**
 * What the JSON formats share: their name, the limits they read under, and one Jackson reader set up
 * with those limits.
 */
abstract sealed class JsonFormat implements EventFormat permits JsonEventFormat, NdjsonEventFormat, HecEventFormat {

    private final String name;
    final ParseLimits limits;
    final JsonObjects objects;

    JsonFormat(String name, ParseLimits limits) {
        this.name = name;
        this.limits = limits;
        this.objects = new JsonObjects(limits);
    }

    @Override
    public final String name() {
        return name;
    }
}

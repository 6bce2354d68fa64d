package dev.escu.pssession.detection.spl;

/** A command after {@code stats}, applied to the result rows in order. */
public sealed interface RowStep {

    /** {@code rename from AS to} of an output column. */
    record RenameColumn(String from, String to) implements RowStep {
    }

    /**
     * {@code convert timeformat="%Y-%m-%dT%H:%M:%S" ctime(column)} (the {@code security_content_ctime}
     * macro) on {@code min(_time)} or {@code max(_time)}: the epoch number becomes text, see
     * {@link dev.escu.pssession.detection.Ctime}.
     */
    record ConvertCtime(String column) implements RowStep {
    }

    /** A {@code search} command on the rows, such as the {@code _filter} macro. */
    record Filter(RowFilter filter) implements RowStep {
    }

    /** {@code fillnull} after stats: a result row never lacks a value, so it changes nothing. */
    record FillNullRows() implements RowStep {
    }
}

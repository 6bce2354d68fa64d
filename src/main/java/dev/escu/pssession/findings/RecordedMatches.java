package dev.escu.pssession.findings;

/**
 * What recording a batch of matched events changed.
 *
 * @param newEvents       distinct events that were new (an event known before, or twice in the batch, counts once)
 * @param findingsUpdated findings created or updated
 * @param windows         finding and detection-window pairs with new events, left for the risk events
 */
public record RecordedMatches(long newEvents, int findingsUpdated, long windows) {
}

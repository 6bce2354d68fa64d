package dev.escu.pssession.tuning;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning settings ({@code pssession.tuning.*}).
 *
 * @param refresh how long the rules read from the database serve ingest requests before they are
 *                read again; a change made through this instance applies at once, one made through
 *                another instance within this time. 0 reads them for every request.
 */
@ConfigurationProperties("pssession.tuning")
public record TuningProperties(@DefaultValue("2s") Duration refresh) {
}

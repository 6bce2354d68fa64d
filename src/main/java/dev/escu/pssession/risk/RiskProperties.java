package dev.escu.pssession.risk;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Risk-based alerting settings ({@code pssession.risk.*}).
 *
 * @param window       the detection window: one risk event per result group and window, like the
 *                     hourly run of the Splunk search
 * @param windowOffset where windows start, counted from the epoch (e.g. {@code 10m} for :10 past)
 */
@ConfigurationProperties("pssession.risk")
public record RiskProperties(@DefaultValue("1h") Duration window, @DefaultValue("0s") Duration windowOffset) {

    public RiskProperties {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("pssession.risk.window must be positive");
        }
    }
}

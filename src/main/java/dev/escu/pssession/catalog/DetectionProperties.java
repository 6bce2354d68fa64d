package dev.escu.pssession.catalog;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Detection settings ({@code pssession.detection.*}).
 *
 * @param ctimeZone   the zone that {@code security_content_ctime} renders times in
 * @param escuContent a folder laid out like splunk/security_content ({@code detections/**}{@code /*.yml},
 *                    {@code macros/*.yml}), read at start and on reload; none: the bundled detections only
 * @param refresh     how often an instance looks for detections posted or retired through another instance
 * @param companion   whether the hardened companion of the seed detection runs (spec/HARDENED.md)
 */
@ConfigurationProperties("pssession.detection")
public record DetectionProperties(@DefaultValue("UTC") ZoneId ctimeZone, Path escuContent,
                                  @DefaultValue("2s") Duration refresh, @DefaultValue("true") boolean companion) {
}

package dev.escu.pssession.risk;

import java.util.List;

import dev.escu.pssession.detection.escu.EscuDetection;

/**
 * A result group that got new events in a batch: what its risk events are made of.
 *
 * @param columnsId   the finding's columns, with the group hash its identity
 * @param groupValues the group's BY values, in the detection's order
 */
public record RiskGroup(EscuDetection detection, int columnsId, byte[] groupHash, List<String> groupValues) {
}

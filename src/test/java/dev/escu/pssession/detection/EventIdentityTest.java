package dev.escu.pssession.detection;

import static dev.escu.pssession.detection.TestEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EventIdentityTest {

    @Test
    void identifiesByComputerChannelAndRecordId() {
        TestEvents base = event().with("Channel", "Microsoft-Windows-PowerShell/Operational").with("EventRecordID", "88121");
        byte[] a = EventIdentity.of(base.build(), true);
        byte[] b = EventIdentity.of(base.text("something else entirely").build(), true);
        assertThat(a).isEqualTo(b);
        assertThat(EventIdentity.of(base.with("EventRecordID", "88122").build(), true)).isNotEqualTo(a);
        assertThat(EventIdentity.of(base.with("EventRecordID", "88121").with("dest", "OTHER").build(), true)).isNotEqualTo(a);
    }

    @Test
    void identifiesByContentWithoutARecordId() {
        byte[] a = EventIdentity.of(event().build(), true);
        assertThat(EventIdentity.of(event().build(), true)).isEqualTo(a);
        assertThat(EventIdentity.of(event().text("Enter-PSSession -ComputerName other").build(), true)).isNotEqualTo(a);
        assertThat(EventIdentity.of(event().at("2026-03-02T08:14:56Z").build(), true)).isNotEqualTo(a);
    }

    @Test
    void leavesAFilledInTimeOutOfTheContentHash() {
        byte[] a = EventIdentity.of(event().at("2026-03-02T08:14:55Z").build(), false);
        byte[] b = EventIdentity.of(event().at("2026-03-02T09:00:00Z").build(), false);
        assertThat(a).isEqualTo(b);
    }
}

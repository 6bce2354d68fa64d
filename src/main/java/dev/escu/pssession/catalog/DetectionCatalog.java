package dev.escu.pssession.catalog;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import dev.escu.pssession.detection.RunningDetections;
import dev.escu.pssession.detection.UnknownDetectionException;
import dev.escu.pssession.detection.escu.ContentFile;
import dev.escu.pssession.detection.escu.EscuContent;
import dev.escu.pssession.detection.escu.EscuDetection;
import dev.escu.pssession.detection.escu.EscuLoader;
import dev.escu.pssession.detection.escu.SkippedDetection;
import dev.escu.pssession.detection.powershell.InteractiveSessionRule;
import jakarta.annotation.PreDestroy;

/**
 * The detections this service runs, as one snapshot ({@link RunningDetections}) swapped whole: the
 * bundled detections, a content folder ({@code pssession.detection.escu-content}, read at start and on
 * {@link #reload}), and detections posted over the API (kept in PostgreSQL; every instance looks for
 * changes every {@code pssession.detection.refresh} and swaps in a new snapshot when there is one).
 */
@Service
public class DetectionCatalog {

    private static final Logger log = LoggerFactory.getLogger(DetectionCatalog.class);

    static final String POSTED_ORIGIN = "api:";

    private final EscuLoader loader = new EscuLoader();
    private final CustomDetections custom;
    private final DetectionProperties properties;
    private final Clock clock;
    private final List<ContentFile> bundled;
    private final ScheduledExecutorService poller;
    private volatile Snapshot snapshot;

    /** The running detections and what they were built from. */
    private record Snapshot(RunningDetections running, long customChange, Instant loadedAt) {
    }

    DetectionCatalog(CustomDetections custom, DetectionProperties properties, Clock clock) {
        this.custom = custom;
        this.properties = properties;
        this.clock = clock;
        this.bundled = EscuLoader.bundledDetections(properties.companion());
        this.snapshot = build(false);
        report(snapshot.running());
        this.poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "detection-refresh");
            thread.setDaemon(true);
            return thread;
        });
        long every = Math.max(100, properties.refresh().toMillis());
        poller.scheduleWithFixedDelay(this::refreshIfChanged, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        poller.shutdownNow();
    }

    /** The snapshot in force: take it once per batch and use it to the end. */
    public RunningDetections current() {
        return snapshot.running();
    }

    public Optional<EscuDetection> find(String id) {
        return current().find(id);
    }

    /** @throws UnknownDetectionException when no running detection has this id */
    public EscuDetection require(String id) {
        return current().require(id);
    }

    /** When the snapshot in force was built. */
    Instant loadedAt() {
        return snapshot.loadedAt();
    }

    /** Reads the content folder again (and the posted detections) and swaps in what it gives. */
    public synchronized RunningDetections reload() {
        snapshot = build(true);
        report(snapshot.running());
        return snapshot.running();
    }

    /** Whether a running detection was posted over the API (and so may be retired over it). */
    boolean isPosted(EscuDetection detection) {
        return detection.file().startsWith(POSTED_ORIGIN);
    }

    /**
     * Compiles a posted ESCU document with the macros in force, stores it and runs it (every instance
     * within its refresh period).
     *
     * @throws DetectionRejectedException when it cannot run here, with the reason and its position
     * @throws DetectionConflictException when its id is taken by a detection of the content, or by a
     *                                    posted one of the same or a higher version
     */
    public synchronized EscuDetection post(String document, String actor) {
        Object compiled = loader.compile(new ContentFile(POSTED_ORIGIN + "request",
                document.getBytes(StandardCharsets.UTF_8)), current().content().macros());
        if (compiled instanceof SkippedDetection skipped) {
            throw new DetectionRejectedException(skipped);
        }
        EscuDetection detection = (EscuDetection) compiled;
        Optional<EscuDetection> running = current().find(detection.id());
        if (running.isPresent() && !isPosted(running.get())) {
            throw new DetectionConflictException("Detection " + detection.id() + " is already running from "
                    + running.get().file() + "; give a posted detection an id of its own.");
        }
        Optional<CustomDetections.Stored> stored = custom.findActive(detection.id());
        if (stored.isPresent() && stored.get().version() >= detection.version()) {
            throw new DetectionConflictException("Detection " + detection.id() + " is already posted at version "
                    + stored.get().version() + "; post a higher version to replace it, or delete it first.");
        }
        custom.save(detection.id(), detection.version(), document, actor, clock.instant());
        snapshot = build(false);
        return current().require(detection.id());
    }

    /**
     * Retires a posted detection: it stops running on every instance; its findings and risk events stay.
     *
     * @throws UnknownDetectionException when no detection has this id
     * @throws DetectionConflictException when the detection comes from the content, not the API
     */
    public synchronized void retire(String id, String actor) {
        EscuDetection detection = require(id);
        if (!isPosted(detection)) {
            throw new DetectionConflictException("Detection " + detection.id() + " comes from " + detection.file()
                    + "; only detections posted over the API can be deleted: remove the file and reload instead.");
        }
        custom.retire(detection.id(), actor, clock.instant());
        snapshot = build(false);
    }

    private void refreshIfChanged() {
        try {
            long change = custom.latestChange();
            if (change != snapshot.customChange()) {
                synchronized (this) {
                    if (custom.latestChange() != snapshot.customChange()) {
                        snapshot = build(false);
                        log.info("Posted detections changed: {} detections now run", current().all().size());
                    }
                }
            }
        } catch (RuntimeException e) {
            log.debug("Could not look for posted detections: {}", e.getMessage());
        }
    }

    private Snapshot build(boolean announce) {
        long change = -1;
        List<ContentFile> posted = new ArrayList<>();
        try {
            change = custom.latestChange();
            for (CustomDetections.Stored stored : custom.active()) {
                posted.add(new ContentFile(POSTED_ORIGIN + stored.id(), stored.document().getBytes(StandardCharsets.UTF_8)));
            }
        } catch (RuntimeException e) {
            // the database is away: run the content now, the posted detections once it answers
            log.warn("Posted detections cannot be read now ({}); running the content without them until the database answers",
                    e.getMessage());
        }
        EscuContent content = loader.load(properties.escuContent(), posted, bundled);
        if (announce) {
            log.info("Detections reloaded from {}", properties.escuContent() == null ? "the bundled content" : properties.escuContent());
        }
        return new Snapshot(new RunningDetections(content, InteractiveSessionRule.bundled()), change, clock.instant());
    }

    static void report(RunningDetections running) {
        long otherDataSources = running.skipped().stream().filter(SkippedDetection::otherDataSource).count();
        log.info("{} detections run, {} content files do not ({} of them detections of other data sources)",
                running.all().size(), running.skipped().size(), otherDataSources);
        for (SkippedDetection skipped : running.skipped()) {
            if (skipped.otherDataSource()) {
                log.debug("Detection of another data source not run: {} ({}, {}): {}", skipped.name(), skipped.id(),
                        skipped.file(), skipped.reason());
            } else if (skipped.id() != null) {
                log.warn("Detection skipped: {} ({}, {}): {}{}; it does not run until its file is changed (GET "
                                + "/api/v1/detections?status=skipped lists every skipped file)", skipped.name(), skipped.id(),
                        skipped.file(), skipped.reason(), skipped.position() == null ? "" : " at position " + skipped.position());
            } else {
                log.debug("Content file not read as a detection: {}: {}", skipped.file(), skipped.reason());
            }
        }
    }
}

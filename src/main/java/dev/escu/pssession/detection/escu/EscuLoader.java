package dev.escu.pssession.detection.escu;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import dev.escu.pssession.detection.spl.Macro;
import dev.escu.pssession.detection.spl.Macros;

/**
 * Reads a folder laid out like {@code splunk/security_content} ({@code detections/**}{@code /*.yml},
 * {@code macros/*.yml}) into an {@link EscuContent}: every detection compiled or skipped with its
 * reason. No file can stop the load: a file that is too large, not UTF-8, not YAML, hostile (alias
 * bombs, deep nesting) or incomplete is skipped like a detection outside the subset.
 *
 * <p>Precedence. Macros: the bundled ones ({@link #BUNDLED_MACROS}), each replaced by a content
 * folder macro of the same name and number of arguments; of two folder macros alike, the first by
 * path wins. Detections: files are read in path order, and the first file to declare an id claims
 * it (a later file with the same id, compared ignoring case, is skipped naming the first); a
 * bundled detection whose id a folder file declares is replaced by that file.
 */
public final class EscuLoader {

    /** The macros shipped with the service, under {@code src/main/resources}. */
    public static final List<String> BUNDLED_MACROS = List.of("escu/macros/powershell.yml", "escu/macros/security_content_ctime.yml",
            "escu/macros/pssession_judge_interactive_session.yml");

    /** The detections shipped with the service, under {@code src/main/resources}. */
    public static final List<String> BUNDLED_DETECTIONS = List.of(
            "escu/detections/endpoint/interactive_session_on_remote_endpoint_with_powershell.yml",
            dev.escu.pssession.detection.powershell.InteractiveSessionRule.BUNDLED_FILE);

    /** The bundled detections' files. */
    public static List<ContentFile> bundledDetections() {
        return bundledDetections(true);
    }

    /** The bundled detections' files, with or without the seed's hardened companion. */
    public static List<ContentFile> bundledDetections(boolean companion) {
        return BUNDLED_DETECTIONS.stream()
                .filter(path -> companion || !path.equals(dev.escu.pssession.detection.powershell.InteractiveSessionRule.BUNDLED_FILE))
                .map(ContentFile::classpath).toList();
    }

    private static final int MAX_FOLDER_DEPTH = 16;

    private final ContentLimits limits;

    public EscuLoader() {
        this(ContentLimits.DEFAULT);
    }

    public EscuLoader(ContentLimits limits) {
        this.limits = limits;
    }

    /** A content folder, with the bundled macros. */
    public EscuContent load(Path contentFolder) {
        return load(contentFolder, List.of(), List.of());
    }

    /** A content folder, with the bundled macros, and bundled detections that the folder's files of the same id replace. */
    public EscuContent load(Path contentFolder, List<ContentFile> bundledDetections) {
        return load(contentFolder, List.of(), bundledDetections);
    }

    /**
     * Everything a service runs: a content folder (or none), detections posted over the API, and the
     * bundled detections. An id is taken by the first folder file or posted detection that declares it
     * (a later one is skipped as a duplicate); a bundled detection is replaced only by one of a higher
     * version that can run, and otherwise replaces it.
     *
     * @param contentFolder the folder holding {@code detections/} and {@code macros/}, or {@code null}
     */
    public EscuContent load(Path contentFolder, List<ContentFile> postedDetections, List<ContentFile> bundledDetections) {
        List<SkippedDetection> problems = new ArrayList<>();
        List<ContentFile> macroFiles = new ArrayList<>();
        List<ContentFile> detectionFiles = new ArrayList<>();
        if (contentFolder != null && !Files.isDirectory(contentFolder)) {
            problems.add(new SkippedDetection(contentFolder.toString(), null, null, "the content folder does not exist", null));
        } else if (contentFolder != null) {
            readFiles(contentFolder, "macros", 1, macroFiles, problems);
            readFiles(contentFolder, "detections", MAX_FOLDER_DEPTH, detectionFiles, problems);
        }
        detectionFiles.addAll(postedDetections);
        return load(macroFiles, detectionFiles, bundledDetections, problems);
    }

    /** Content given as files: macros (over the bundled ones), then detections. */
    public EscuContent load(List<ContentFile> macroFiles, List<ContentFile> detectionFiles) {
        return load(macroFiles, detectionFiles, List.of(), new ArrayList<>());
    }

    /** One detection document compiled with these macros: an {@link EscuDetection} or a {@link SkippedDetection}. */
    public Object compile(ContentFile file, Macros macros) {
        try {
            return DetectionReader.compile(DetectionReader.identify(file.origin(), yaml(file)), macros, limits);
        } catch (MalformedContentException e) {
            return new SkippedDetection(file.origin(), null, null, e.getMessage(), null);
        }
    }

    private EscuContent load(List<ContentFile> macroFiles, List<ContentFile> detectionFiles, List<ContentFile> bundledDetections,
                             List<SkippedDetection> skipped) {
        Macros macros = macros(macroFiles, skipped);
        Map<String, DetectionReader.Identified> claimed = new LinkedHashMap<>(); // lower-cased id -> file
        List<DetectionReader.Identified> running = new ArrayList<>();
        Map<DetectionReader.Identified, Object> compiled = new IdentityHashMap<>(); // an EscuDetection, or why it was skipped
        for (DetectionReader.Identified read : identifyAll(detectionFiles, skipped)) {
            if (read.id() != null && !read.id().isBlank()) {
                DetectionReader.Identified first = claimed.putIfAbsent(read.id().toLowerCase(Locale.ROOT), read);
                if (first != null) {
                    skipped.add(new SkippedDetection(read.file(), read.id(), read.name(), "duplicate id: already in " + first.file(), null));
                    continue;
                }
            }
            running.add(read);
        }
        for (DetectionReader.Identified read : identifyAll(bundledDetections, skipped)) {
            DetectionReader.Identified other = read.id() == null ? null : claimed.get(read.id().toLowerCase(Locale.ROOT));
            if (other != null && other.version() > read.version()) {
                if (compiled.computeIfAbsent(other, o -> DetectionReader.compile(o, macros, limits)) instanceof SkippedDetection cannotRun) {
                    // A newer version that cannot run here does not take the bundled one away with it.
                    running.remove(other);
                    skipped.add(new SkippedDetection(cannotRun.file(), cannotRun.id(), cannotRun.name(), cannotRun.reason()
                            + "; the bundled version " + read.version() + " keeps running", cannotRun.position(),
                            cannotRun.otherDataSource()));
                    running.add(read);
                    continue;
                }
                skipped.add(new SkippedDetection(read.file(), read.id(), read.name(),
                        "replaced by " + other.file() + " (version " + other.version() + ")", null));
                continue;
            }
            if (other != null) {
                running.remove(other);
                skipped.add(new SkippedDetection(other.file(), other.id(), other.name(), "version " + other.version()
                        + " is not newer than the bundled " + read.file() + " (version " + read.version() + ")", null));
            }
            running.add(read);
        }
        List<EscuDetection> detections = new ArrayList<>();
        for (DetectionReader.Identified read : running) {
            add(compiled.computeIfAbsent(read, r -> DetectionReader.compile(r, macros, limits)), detections, skipped);
        }
        return new EscuContent(detections, skipped, macros);
    }

    private static void add(Object compiled, List<EscuDetection> detections, List<SkippedDetection> skipped) {
        if (compiled instanceof EscuDetection detection) {
            detections.add(detection);
        } else {
            skipped.add((SkippedDetection) compiled);
        }
    }

    /**
     * Parses the files on all cores (YAML parsing is most of a load's time: about a second for the
     * 1,700 files of security_content), keeping their order; the unreadable ones become skips.
     */
    private List<DetectionReader.Identified> identifyAll(List<ContentFile> files, List<SkippedDetection> skipped) {
        List<Object> read = files.parallelStream().map(file -> {
            try {
                return (Object) DetectionReader.identify(file.origin(), yaml(file));
            } catch (MalformedContentException e) {
                return new SkippedDetection(file.origin(), null, null, e.getMessage(), null);
            }
        }).toList();
        List<DetectionReader.Identified> identified = new ArrayList<>();
        for (Object result : read) {
            if (result instanceof DetectionReader.Identified file) {
                identified.add(file);
            } else {
                skipped.add((SkippedDetection) result);
            }
        }
        return identified;
    }

    private Macros macros(List<ContentFile> files, List<SkippedDetection> skipped) {
        List<Macro> bundled = new ArrayList<>();
        for (String resource : BUNDLED_MACROS) {
            ContentFile file = ContentFile.classpath(resource);
            try {
                bundled.add(MacroReader.read(file.origin(), yaml(file)));
            } catch (MalformedContentException e) {
                throw new IllegalStateException("bundled macro " + resource + " is broken: " + e.getMessage(), e);
            }
        }
        List<Macro> folder = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        for (ContentFile file : files) {
            try {
                Macro macro = MacroReader.read(file.origin(), yaml(file));
                String first = seen.putIfAbsent(macro.name() + "(" + macro.arity() + ")", file.origin());
                if (first != null) {
                    skipped.add(new SkippedDetection(file.origin(), null, macro.name(), "duplicate macro: already in " + first, null));
                    continue;
                }
                folder.add(macro);
            } catch (MalformedContentException e) {
                skipped.add(new SkippedDetection(file.origin(), null, null, "macro file: " + e.getMessage(), null));
            }
        }
        return Macros.of(bundled).overriddenBy(folder);
    }

    private Object yaml(ContentFile file) throws MalformedContentException {
        if (file.bytes().length > limits.maxFileBytes()) {
            throw new MalformedContentException("the file is larger than " + limits.maxFileBytes() + " bytes");
        }
        return YamlTree.read(file.bytes(), limits);
    }

    /** The .yml files under folder/sub, in path order; unreadable or too large ones are reported, not read. */
    private void readFiles(Path root, String sub, int depth, List<ContentFile> into, List<SkippedDetection> problems) {
        Path folder = root.resolve(sub);
        if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder, depth)) {
            paths = walk.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
                    .filter(p -> p.getFileName().toString().endsWith(".yml")) // ESCU.md: detections/**/*.yml, macros/*.yml, as contentctl reads them
                    .sorted()
                    .toList();
        } catch (IOException | RuntimeException e) {
            problems.add(new SkippedDetection(sub, null, null, "the folder cannot be listed: " + e.getMessage(), null));
            return;
        }
        for (Path path : paths) {
            String origin = root.relativize(path).toString().replace('\\', '/');
            try {
                into.add(new ContentFile(origin, readBounded(path)));
            } catch (MalformedContentException e) {
                problems.add(new SkippedDetection(origin, null, null, e.getMessage(), null));
            } catch (IOException e) {
                problems.add(new SkippedDetection(origin, null, null, "the file cannot be read: " + e.getMessage(), null));
            }
        }
    }

    /** At most maxFileBytes: a larger file (or one that grows while read) is refused without reading it all. */
    private byte[] readBounded(Path path) throws IOException, MalformedContentException {
        if (Files.size(path) > limits.maxFileBytes()) {
            throw new MalformedContentException("the file is larger than " + limits.maxFileBytes() + " bytes");
        }
        try (InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes(limits.maxFileBytes() + 1);
            if (bytes.length > limits.maxFileBytes()) {
                throw new MalformedContentException("the file is larger than " + limits.maxFileBytes() + " bytes");
            }
            return bytes;
        }
    }
}

package dev.escu.pssession.detection.escu;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.escu.pssession.detection.spl.Macro;

/** Turns one {@code macros/*.yml} file into a {@link Macro}: {@code name}, {@code definition}, optional {@code arguments}. */
final class MacroReader {

    private static final Pattern NAME = Pattern.compile("([A-Za-z0-9_][A-Za-z0-9_.\\-]*)(?:\\((\\d+)\\))?");

    private MacroReader() {
    }

    static Macro read(String file, Object document) throws MalformedContentException {
        YamlValues yaml = YamlValues.of(document, "the macro file");
        String written = yaml.requiredText("name").strip();
        String definition = yaml.text("definition");
        if (definition == null) {
            throw new MalformedContentException("required key definition is missing");
        }
        List<String> arguments = yaml.texts("arguments").stream().map(String::strip).toList();
        Matcher name = NAME.matcher(written);
        if (!name.matches()) {
            throw new MalformedContentException("'" + written + "' is not a macro name");
        }
        // macros.conf names a macro with arguments name(n); accept it, if n agrees
        if (name.group(2) != null && Integer.parseInt(name.group(2)) != arguments.size()) {
            throw new MalformedContentException("macro " + written + " lists " + arguments.size() + " argument(s)");
        }
        if (arguments.stream().distinct().count() != arguments.size() || arguments.stream().anyMatch(String::isEmpty)) {
            throw new MalformedContentException("macro " + written + " has empty or repeated argument names");
        }
        return new Macro(name.group(1), arguments, definition, file);
    }
}

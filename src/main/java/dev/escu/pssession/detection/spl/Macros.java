package dev.escu.pssession.detection.spl;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The macros a search may call, by name and number of arguments (as Splunk keys {@code name(2)}). */
public final class Macros {

    public static final Macros NONE = new Macros(Map.of());

    private final Map<String, Macro> byKey;

    private Macros(Map<String, Macro> byKey) {
        this.byKey = Map.copyOf(byKey);
    }

    /** The macros given; of two with the same name and arity, the later one wins. */
    public static Macros of(Collection<Macro> macros) {
        return NONE.overriddenBy(macros);
    }

    /** These macros, with every one of {@code overrides} replacing the one of the same name and arity. */
    public Macros overriddenBy(Collection<Macro> overrides) {
        Map<String, Macro> merged = new LinkedHashMap<>(byKey);
        for (Macro macro : overrides) {
            merged.put(key(macro.name(), macro.arity()), macro);
        }
        return new Macros(merged);
    }

    public Optional<Macro> find(String name, int arity) {
        return Optional.ofNullable(byKey.get(key(name, arity)));
    }

    /** The arities under which a macro of this name exists, for a precise message on a wrong call. */
    public List<Integer> aritiesOf(String name) {
        return byKey.values().stream().filter(m -> m.name().equals(name)).map(Macro::arity).sorted().toList();
    }

    public List<Macro> all() {
        return List.copyOf(byKey.values());
    }

    private static String key(String name, int arity) {
        return name + "(" + arity + ")";
    }
}

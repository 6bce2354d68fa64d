package dev.escu.pssession.detection.spl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.escu.pssession.detection.CaseInsensitive;
import dev.escu.pssession.detection.WindowsEvent;
import dev.escu.pssession.detection.spl.SearchExpression.FieldComparison;
import dev.escu.pssession.detection.spl.SearchExpression.FieldIn;
import dev.escu.pssession.detection.spl.SearchExpression.Junction;
import dev.escu.pssession.detection.spl.SearchExpression.MatchAll;
import dev.escu.pssession.detection.spl.SearchExpression.Not;

/**
 * Evaluates the first search command of every detection on an event with one scan of each field's
 * text: per field, one Aho-Corasick automaton holds every literal piece of every wildcard value of
 * every detection; the scan tells which pieces occur, and each detection's expression is then
 * decided from that. A {@code *x*} value is decided by its piece alone; an exact, prefix, suffix or
 * multi-piece value is false when a piece is absent, and is otherwise confirmed with the exact
 * {@link WildcardValue#matches}, so the result always equals {@link SearchExpression#test}.
 * A field is scanned only when some expression gets to it (the {@code source} and {@code EventCode}
 * terms usually come first and end the evaluation for other events). Immutable; safe to share.
 */
public final class SearchMatcher {

    private final String[] fields;
    private final CharAutomaton[] automata;  // per field, or null when its values have no pieces
    private final Atom[] atoms;
    private final Node[] detections;
    private final int pieceWords;

    private SearchMatcher(String[] fields, CharAutomaton[] automata, Atom[] atoms, Node[] detections, int pieces) {
        this.fields = fields;
        this.automata = automata;
        this.atoms = atoms;
        this.detections = detections;
        this.pieceWords = (pieces + 63) >>> 6;
    }

    /** A matcher over the first search command of each search, indexed as given. */
    public static SearchMatcher of(List<CompiledSearch> searches) {
        return forExpressions(searches.stream().map(CompiledSearch::where).toList());
    }

    /** A matcher over the expressions, indexed as given. */
    public static SearchMatcher forExpressions(List<SearchExpression> expressions) {
        return new Builder().build(expressions);
    }

    /** How many detections the matcher holds. */
    public int size() {
        return detections.length;
    }

    /** The indexes, ascending, of the detections whose first search command keeps the event. */
    public int[] matching(WindowsEvent event) {
        Evaluation evaluation = new Evaluation(event);
        int[] hits = new int[detections.length];
        int count = 0;
        for (int d = 0; d < detections.length; d++) {
            if (evaluation.holds(detections[d])) {
                hits[count++] = d;
            }
        }
        return Arrays.copyOf(hits, count);
    }

    /** One event's state: field values read once, pieces found once per field, atoms decided once. */
    private final class Evaluation {

        private final WindowsEvent event;
        private final String[] values = new String[fields.length];
        private final boolean[] read = new boolean[fields.length];
        private final long[] found = new long[pieceWords];
        private final byte[] decided = new byte[atoms.length]; // 0 not yet, 1 matches, 2 does not

        Evaluation(WindowsEvent event) {
            this.event = event;
        }

        boolean holds(Node node) {
            switch (node.kind) {
                case MATCH -> {
                    boolean matches = matches(node.atoms[0]);
                    if (!node.negated) {
                        return matches;
                    }
                    return value(atoms[node.atoms[0]].field) != null && !matches; // != needs the field
                }
                case IN -> {
                    for (int atom : node.atoms) {
                        if (matches(atom)) {
                            return true;
                        }
                    }
                    return false;
                }
                case NOT -> {
                    return !holds(node.children[0]);
                }
                case AND -> {
                    for (Node child : node.children) {
                        if (!holds(child)) {
                            return false;
                        }
                    }
                    return true;
                }
                case OR -> {
                    for (Node child : node.children) {
                        if (holds(child)) {
                            return true;
                        }
                    }
                    return false;
                }
                default -> {
                    return true;
                }
            }
        }

        private boolean matches(int a) {
            byte known = decided[a];
            if (known != 0) {
                return known == 1;
            }
            boolean matches = decide(atoms[a]);
            decided[a] = matches ? (byte) 1 : (byte) 2;
            return matches;
        }

        private boolean decide(Atom atom) {
            String value = value(atom.field);
            if (value == null) {
                return false;
            }
            if (atom.shape == WildcardValue.Shape.ANY) {
                return true;
            }
            for (int piece : atom.pieces) {
                if ((found[piece >>> 6] & (1L << piece)) == 0) {
                    return false;
                }
            }
            return atom.shape == WildcardValue.Shape.CONTAINS || atom.value.matches(value);
        }

        private String value(int field) {
            if (!read[field]) {
                read[field] = true;
                String value = EventFields.value(event, fields[field]);
                values[field] = value;
                if (value != null && automata[field] != null) {
                    automata[field].scan(value, found);
                }
            }
            return values[field];
        }
    }

    private enum Kind { MATCH, IN, NOT, AND, OR, ALL }

    /** A compiled expression node; MATCH and IN refer to atoms. */
    private record Node(Kind kind, boolean negated, int[] atoms, Node[] children) {
    }

    /** A distinct (field, value) of all expressions, with its pieces' ids. */
    private record Atom(int field, WildcardValue value, WildcardValue.Shape shape, int[] pieces) {
    }

    private static final class Builder {

        private final Map<String, Integer> fieldIndex = new LinkedHashMap<>();
        private final Map<List<String>, Integer> atomIndex = new LinkedHashMap<>();
        private final List<Atom> atoms = new ArrayList<>();
        private final List<Map<String, Integer>> piecesByField = new ArrayList<>(); // folded piece -> id
        private int pieceCount;

        SearchMatcher build(List<SearchExpression> expressions) {
            Node[] detections = new Node[expressions.size()];
            for (int d = 0; d < detections.length; d++) {
                detections[d] = node(expressions.get(d));
            }
            String[] fields = fieldIndex.keySet().toArray(new String[0]);
            CharAutomaton[] automata = new CharAutomaton[fields.length];
            for (int f = 0; f < fields.length; f++) {
                Map<String, Integer> pieces = piecesByField.get(f);
                if (!pieces.isEmpty()) {
                    automata[f] = new CharAutomaton(new ArrayList<>(pieces.keySet()),
                            pieces.values().stream().mapToInt(Integer::intValue).toArray());
                }
            }
            return new SearchMatcher(fields, automata, atoms.toArray(new Atom[0]), detections, pieceCount);
        }

        private Node node(SearchExpression expression) {
            if (expression instanceof FieldComparison c) {
                return new Node(Kind.MATCH, c.negated(), new int[] {atom(c.field(), c.value())}, null);
            }
            if (expression instanceof FieldIn in) {
                int[] ids = in.values().stream().mapToInt(v -> atom(in.field(), v)).toArray();
                return new Node(Kind.IN, false, ids, null);
            }
            if (expression instanceof Not not) {
                return new Node(Kind.NOT, false, null, new Node[] {node(not.operand())});
            }
            if (expression instanceof Junction junction) {
                Kind kind = junction.operator() == SearchExpression.Operator.AND ? Kind.AND : Kind.OR;
                return new Node(kind, false, null, junction.operands().stream().map(this::node).toArray(Node[]::new));
            }
            if (expression instanceof MatchAll) {
                return new Node(Kind.ALL, false, null, null);
            }
            throw new IllegalArgumentException("unknown expression " + expression);
        }

        private int atom(String field, WildcardValue value) {
            List<String> key = List.of(field, value.text());
            Integer known = atomIndex.get(key);
            if (known != null) {
                return known;
            }
            int f = fieldIndex.computeIfAbsent(field, name -> {
                piecesByField.add(new LinkedHashMap<>());
                return fieldIndex.size();
            });
            Map<String, Integer> pieces = piecesByField.get(f);
            int[] ids = value.pieces().stream()
                    .mapToInt(piece -> pieces.computeIfAbsent(fold(piece), p -> pieceCount++))
                    .distinct().toArray();
            atoms.add(new Atom(f, value, value.shape(), ids));
            atomIndex.put(key, atoms.size() - 1);
            return atoms.size() - 1;
        }

        private static String fold(String piece) {
            StringBuilder folded = new StringBuilder(piece.length());
            for (int i = 0; i < piece.length(); i++) {
                folded.append(CaseInsensitive.lower(piece.charAt(i)));
            }
            return folded.toString();
        }
    }
}

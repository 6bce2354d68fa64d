package dev.escu.pssession.detection;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aho-Corasick's construction, shared by the automata that find many literal pieces in one pass
 * (over bytes in {@link MatchPrefilter}, over characters in the searches' matcher): the trie of the
 * patterns, its failure links breadth first, folded into a full transition table, so a scan costs one
 * lookup per character. Characters are given as classes: class 0 stands for every character no
 * pattern holds and always leads back to the root.
 *
 * @param next  the next state, at {@code state * width + class}
 * @param found the ids of the patterns that end at each state (those of its failure chain included),
 *              without repeats, or {@code null} where none ends
 */
public record AhoCorasick(int[] next, int[][] found) {

    /**
     * @param patterns each pattern as the classes of its characters (1 to {@code classes - 1})
     * @param ids      the id each pattern reports when found
     * @param classes  how many classes there are, class 0 included
     * @param width    a state's row in {@code next}, at least {@code classes} (callers pick a power of two)
     */
    public static AhoCorasick build(List<int[]> patterns, int[] ids, int classes, int width) {
        List<int[]> children = new ArrayList<>();
        List<List<Integer>> outputs = new ArrayList<>();
        children.add(newRow(width));
        outputs.add(new ArrayList<>());
        for (int p = 0; p < patterns.size(); p++) {
            int state = 0;
            for (int cls : patterns.get(p)) {
                if (children.get(state)[cls] < 0) {
                    children.get(state)[cls] = children.size();
                    children.add(newRow(width));
                    outputs.add(new ArrayList<>());
                }
                state = children.get(state)[cls];
            }
            outputs.get(state).add(ids[p]);
        }

        int states = children.size();
        int[] fail = new int[states];
        int[] next = new int[states * width]; // class 0, and a missing child of the root, lead to the root
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int cls = 1; cls < classes; cls++) {
            int child = children.get(0)[cls];
            if (child > 0) {
                next[cls] = child;
                queue.add(child);
            }
        }
        while (!queue.isEmpty()) {
            int state = queue.poll();
            outputs.get(state).addAll(outputs.get(fail[state]));
            for (int cls = 1; cls < classes; cls++) {
                int child = children.get(state)[cls];
                if (child > 0) {
                    fail[child] = next[fail[state] * width + cls];
                    next[state * width + cls] = child;
                    queue.add(child);
                } else {
                    next[state * width + cls] = next[fail[state] * width + cls];
                }
            }
        }
        int[][] found = new int[states][];
        for (int s = 0; s < states; s++) {
            List<Integer> out = outputs.get(s);
            found[s] = out.isEmpty() ? null : out.stream().distinct().mapToInt(Integer::intValue).toArray();
        }
        return new AhoCorasick(next, found);
    }

    private static int[] newRow(int width) {
        int[] row = new int[width];
        Arrays.fill(row, -1);
        return row;
    }
}

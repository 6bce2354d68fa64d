package dev.escu.pssession.detection.powershell;

/**
 * One script block of the hardened corpus with what the rule must answer for it.
 *
 * @param parameterSet for a session block, the parameter set its evidence must name
 * @param target for a session block, the literal target its evidence must name, or null
 */
record LabelledBlock(String id, String category, Verdict expected, String parameterSet, String target, String text) {

    boolean opensSession() {
        return expected == Verdict.FLAGGED;
    }
}

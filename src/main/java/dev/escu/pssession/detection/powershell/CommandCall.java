package dev.escu.pssession.detection.powershell;

import java.util.List;

/**
 * An invocation in executable code whose command is, or may be, Enter-PSSession.
 *
 * @param asWritten the command as written, from the invocation operator (if any) to the end of the name
 * @param offset where the command starts in the block
 * @param nameVariable for {@code & $c}, the variable holding the command name, else null
 * @param receivesPipelineInput whether an earlier element of the pipeline feeds it
 * @param upstream what that earlier element produces
 * @param endsAtEndOfText whether the block ends inside or right after this command (a cut block)
 */
record CommandCall(String asWritten, int offset, String nameVariable, List<CommandArgument> arguments,
        boolean receivesPipelineInput, Shape upstream, boolean endsAtEndOfText) {

    CommandCall {
        arguments = List.copyOf(arguments);
    }
}

package dev.escu.pssession.detection.powershell;

/**
 * One invocation of Enter-PSSession that opens a session, as written in the block.
 *
 * @param commandAsWritten the command text as written, e.g. {@code etsn} or {@code & 'Enter-PSSession'}
 * @param parameterSet the parameter set that bound the target: ComputerName, HostName (SSH), Session, Id,
 *                     Name, InstanceId, ConnectionUri, VMName, VMId, ContainerId, or {@code splatted} when
 *                     the target comes from a splat whose content cannot be known
 * @param target the target's text when it is a literal (quotes and escapes resolved), else null
 * @param offset the char offset of the command in the block
 */
public record Evidence(String commandAsWritten, String parameterSet, String target, int offset) {
}

/** Reads PowerShell script blocks the way PowerShell does, to tell whether their code opens an interactive remote session (Enter-PSSession). */
package dev.escu.pssession.detection.powershell;

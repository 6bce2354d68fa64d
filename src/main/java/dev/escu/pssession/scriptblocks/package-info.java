/** Script blocks PowerShell logged in several parts: kept until whole, judged once, shown reassembled. */
package dev.escu.pssession.scriptblocks;

/** The subset of Splunk's search language (SPL) that ESCU's PowerShell 4104 detections use, compiled to plain values and a one-pass matcher. */
package dev.escu.pssession.detection.spl;

/** Matched events and aggregated findings: storage, the findings list and drilldown 1. */
package dev.escu.pssession.findings;

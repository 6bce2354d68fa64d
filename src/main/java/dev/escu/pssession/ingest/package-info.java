/** HTTP intake of event batches: parsing, normalisation to the event record, and the parse, detect, persist flow. */
package dev.escu.pssession.ingest;

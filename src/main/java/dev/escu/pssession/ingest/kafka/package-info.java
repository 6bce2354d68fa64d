/** Kafka intake: a consumer group whose record values go through the HTTP intake's parsers and batch flow. */
package dev.escu.pssession.ingest.kafka;

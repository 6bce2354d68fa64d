/** One streaming parser per input format, each turning a request body into raw events or per-event rejections. */
package dev.escu.pssession.ingest.format;

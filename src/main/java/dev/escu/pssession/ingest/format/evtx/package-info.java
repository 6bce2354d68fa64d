/** The binary Windows event log format (.evtx): file header, 64 KiB chunks and their BinXml records, read as a stream. */
package dev.escu.pssession.ingest.format.evtx;

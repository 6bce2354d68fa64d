/** Tuning filters (the detection's {@code _filter} macro): storage, API, and the filter the engine asks. */
package dev.escu.pssession.tuning;

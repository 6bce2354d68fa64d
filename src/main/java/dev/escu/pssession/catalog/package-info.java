/** The detections the service runs: ESCU content (bundled, a content folder, posted over the API), one snapshot at a time. */
package dev.escu.pssession.catalog;

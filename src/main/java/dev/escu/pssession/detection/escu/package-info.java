/** Reads Splunk's ESCU content (detections/**&#47;*.yml, macros/*.yml) into compiled detections or skip reasons. */
package dev.escu.pssession.detection.escu;

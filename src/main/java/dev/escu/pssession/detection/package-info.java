/** The detection core in plain Java: event record, detection definitions, matching, fillnull, group keys and ctime. */
package dev.escu.pssession.detection;

/** Risk events (one per finding and detection window), the risk summary of drilldown 2, and the feed for other services. */
package dev.escu.pssession.risk;

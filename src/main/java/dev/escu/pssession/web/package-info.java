/** Shared HTTP concerns: problem details, time parameters, OpenAPI, security, and the detection catalog API. */
package dev.escu.pssession.web;

/** Access control: API keys (Bearer, and Splunk for HEC), optional OAuth2 JWTs, roles ingest, analyst and admin. */
package dev.escu.pssession.web.security;

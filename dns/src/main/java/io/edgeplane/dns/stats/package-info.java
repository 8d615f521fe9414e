/** What the DNS server reports about itself at one moment, as plain records for the admin API and stats page. */
package io.edgeplane.dns.stats;

package io.edgeplane.config.firewall;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeplane.config.value.Cidr;
import io.edgeplane.config.value.InvalidValueException;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The values a firewall rule is written with, each parsed alone: ports as ufw writes them, rates as iptables' and
 * nftables' {@code limit}, IP protocols by name or number, zones or address blocks, interface patterns.
 */
class FirewallValuesTest {

    private static final Optional<PortRange.Transport> BOTH = Optional.empty();

    // ---------------------------------------------------------------------------------------------------
    // PortRange
    // ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            22/tcp          | 22    | 22    | TCP  | 22/tcp
            53              | 53    | 53    |      | 53
            8000-8100/udp   | 8000  | 8100  | UDP  | 8000-8100/udp
            9899/sctp       | 9899  | 9899  | SCTP | 9899/sctp
            ' 443/TCP '     | 443   | 443   | TCP  | 443/tcp
            1               | 1     | 1     |      | 1
            65535/udp       | 65535 | 65535 | UDP  | 65535/udp
            1-65535         | 1     | 65535 |      | 1-65535
            80-80/tcp       | 80    | 80    | TCP  | 80/tcp
            """)
    void portsAreWrittenAsUfwWritesThem(String text, int first, int last, PortRange.Transport transport,
                                        String canonical) throws Exception {
        PortRange port = PortRange.parse(text);

        assertThat(port).isEqualTo(new PortRange(first, last, Optional.ofNullable(transport)));
        assertThat(port).hasToString(canonical);
        assertThat(PortRange.parse(port.toString())).as("toString parses back").isEqualTo(port);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            0               | port 0 in '0' is not 1..65535
            65536           | port 65536 in '65536' is not 1..65535
            0-10/tcp        | port 0 in '0-10/tcp' is not 1..65535
            22/tcpx         | 'tcpx' in '22/tcpx' is not tcp, udp or sctp
            22/             | '' in '22/' is not tcp, udp or sctp
            22/icmp         | 'icmp' in '22/icmp' is not tcp, udp or sctp
            8100-8000       | the range '8100-8000' ends before it starts
            abc             | 'abc' is not a port or a range of ports
            ""              | '' is not a port or a range of ports
            -22             | '-22' is not a port or a range of ports
            22-             | '22-' is not a port or a range of ports
            100000          | '100000' is not a port or a range of ports
            22 /tcp         | '22 /tcp' is not a port or a range of ports
            1_000           | '1_000' is not a port or a range of ports
            22,80           | '22,80' is not a port or a range of ports
            """)
    void badPortsSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> PortRange.parse(text)).isInstanceOf(InvalidValueException.class).hasMessage(message);
    }

    @Test
    void aRangeContainsItsEnds() throws Exception {
        PortRange range = PortRange.parse("8000-8100");

        assertThat(range.contains(7999)).isFalse();
        assertThat(range.contains(8000)).isTrue();
        assertThat(range.contains(8100)).isTrue();
        assertThat(range.contains(8101)).isFalse();
        assertThat(range.ports()).isEqualTo("8000-8100");
        assertThat(PortRange.parse("22/tcp").ports()).as("the transport is not part of the ports").isEqualTo("22");
    }

    @Test
    void theRecordRefusesWhatCannotBeAPortRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PortRange(0, 1, BOTH))
                .withMessage("ports must be 1 <= first <= last <= 65535, got 0-1");
        assertThatIllegalArgumentException().isThrownBy(() -> new PortRange(10, 9, BOTH))
                .withMessage("ports must be 1 <= first <= last <= 65535, got 10-9");
        assertThatIllegalArgumentException().isThrownBy(() -> new PortRange(1, 65_536, BOTH))
                .withMessage("ports must be 1 <= first <= last <= 65535, got 1-65536");
    }

    // ---------------------------------------------------------------------------------------------------
    // PacketRate
    // ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            25/minute       | 25      | MINUTE | 25/minute
            25/min          | 25      | MINUTE | 25/minute
            25/m            | 25      | MINUTE | 25/minute
            10/second       | 10      | SECOND | 10/second
            10/sec          | 10      | SECOND | 10/second
            10/s            | 10      | SECOND | 10/second
            100/hour        | 100     | HOUR   | 100/hour
            100/h           | 100     | HOUR   | 100/hour
            1000/day        | 1000    | DAY    | 1000/day
            1000/d          | 1000    | DAY    | 1000/day
            3/week          | 3       | WEEK   | 3/week
            ' 25/MINUTE '   | 25      | MINUTE | 25/minute
            1_000/second    | 1000    | SECOND | 1000/second
            1000000/second  | 1000000 | SECOND | 1000000/second
            1/s             | 1       | SECOND | 1/second
            """)
    void ratesAreWrittenAsIptablesAndNftWriteThem(String text, long count, PacketRate.Unit unit, String canonical)
            throws Exception {
        PacketRate rate = PacketRate.parse(text);

        assertThat(rate).isEqualTo(new PacketRate(count, unit));
        assertThat(rate).hasToString(canonical);
        assertThat(PacketRate.parse(rate.toString())).isEqualTo(rate);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            25              | '25' is not a rate
            25/             | '25/' is not a rate
            /minute         | '/minute' is not a rate
            ""              | '' is not a rate
            abc/second      | 'abc/second' does not start with a count of packets
            -1/second       | '-1/second' does not start with a count of packets
            2.5/second      | '2.5/second' does not start with a count of packets
            25 /minute      | '25 /minute' does not start with a count of packets
            _/second        | '_/second' does not start with a count of packets
            10000000/second | '10000000/second' does not start with a count of packets
            0/second        | the count in '0/second' must be 1..1000000
            1000001/second  | the count in '1000001/second' must be 1..1000000
            5/fortnight     | 'fortnight' in '5/fortnight' is not second, minute, hour, day or week
            5/seconds       | 'seconds' in '5/seconds' is not second, minute, hour, day or week
            5/ minute       | ' minute' in '5/ minute' is not second, minute, hour, day or week
            5/minute/x      | 'minute/x' in '5/minute/x' is not second, minute, hour, day or week
            """)
    void badRatesSayWhatIsWrong(String text, String message) {
        assertThatThrownBy(() -> PacketRate.parse(text)).isInstanceOf(InvalidValueException.class).hasMessage(message);
    }

    @Test
    void aBucketRefillsInBurstOverRate() {
        // The seed's -m limit --limit 25/minute --limit-burst 100: four minutes to earn 100 packets back
        assertThat(new PacketRate(25, PacketRate.Unit.MINUTE).refill(100)).isEqualTo(Duration.ofMinutes(4));
        assertThat(new PacketRate(10, PacketRate.Unit.SECOND).refill(5)).isEqualTo(Duration.ofMillis(500));
        assertThat(new PacketRate(3, PacketRate.Unit.MINUTE).refill(10)).isEqualTo(Duration.ofMinutes(3).plusSeconds(20));
        assertThat(new PacketRate(1, PacketRate.Unit.WEEK).refill(5)).isEqualTo(Duration.ofDays(35));
        assertThat(new PacketRate(7, PacketRate.Unit.SECOND).refill(1)).isEqualTo(Duration.ofNanos(142_857_142));
    }

    @Test
    void theLongestRefillIsWhatTheKernelsNanosecondBucketHolds() {
        assertThat(PacketRate.MAX_REFILL.toDays() / 365).as("years").isEqualTo(292);
        // The largest weekly bucket allowed, and the next one
        assertThat(new PacketRate(1, PacketRate.Unit.WEEK).refill(15_250)).isLessThan(PacketRate.MAX_REFILL);
        assertThat(new PacketRate(1, PacketRate.Unit.WEEK).refill(15_251)).isGreaterThan(PacketRate.MAX_REFILL);
    }

    @Test
    void theRecordRefusesACountOutOfRange() {
        assertThatIllegalArgumentException().isThrownBy(() -> new PacketRate(0, PacketRate.Unit.SECOND))
                .withMessage("count must be 1..1000000, got 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new PacketRate(1_000_001, PacketRate.Unit.SECOND))
                .withMessage("count must be 1..1000000, got 1000001");
    }

    // ---------------------------------------------------------------------------------------------------
    // IpProtocol
    // ---------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            tcp       | 6   | tcp
            udp       | 17  | udp
            sctp      | 132 | sctp
            icmp      | 1   | icmp
            icmpv6    | 58  | icmpv6
            ipv6-icmp | 58  | icmpv6
            vrrp      | 112 | vrrp
            VRRP      | 112 | vrrp
            ah        | 51  | ah
            esp       | 50  | esp
            gre       | 47  | gre
            igmp      | 2   | igmp
            ospf      | 89  | ospf
            112       | 112 | vrrp
            6         | 6   | tcp
            0         | 0   | 0
            255       | 255 | 255
            041       | 41  | 41
            ' 47 '    | 47  | gre
            """)
    void protocolsByNameOrNumberAsEtcProtocols(String text, int number, String canonical) throws Exception {
        IpProtocol protocol = IpProtocol.parse(text);

        assertThat(protocol.number()).isEqualTo(number);
        assertThat(protocol).hasToString(canonical);
        assertThat(IpProtocol.parse(protocol.toString())).isEqualTo(protocol);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            foo
            256
            1000
            -1
            ''
            tcp6
            6.0
            """)
    void unknownProtocolsAreRefused(String text) {
        assertThatThrownBy(() -> IpProtocol.parse(text)).isInstanceOf(InvalidValueException.class)
                .hasMessage("'" + text + "' is not an IP protocol");
    }

    @Test
    void onlyTcpUdpAndSctpHavePorts() throws Exception {
        assertThat(IpProtocol.TCP.hasPorts()).isTrue();
        assertThat(IpProtocol.UDP.hasPorts()).isTrue();
        assertThat(IpProtocol.SCTP.hasPorts()).isTrue();
        for (String name : List.of("icmp", "icmpv6", "vrrp", "ah", "esp", "gre", "igmp", "ospf", "0", "255")) {
            assertThat(IpProtocol.parse(name).hasPorts()).as(name).isFalse();
        }
        assertThat(IpProtocol.parse("200").name()).isEmpty();
        assertThat(IpProtocol.VRRP.name()).contains("vrrp");
        assertThatIllegalArgumentException().isThrownBy(() -> new IpProtocol(256))
                .withMessage("an IP protocol is 0..255, got 256");
    }

    // ---------------------------------------------------------------------------------------------------
    // FlowPeer
    // ---------------------------------------------------------------------------------------------------

    @Test
    void aPeerIsAZoneOrAnAddressBlock() throws Exception {
        assertThat(FlowPeer.parse("cluster")).isEqualTo(new FlowPeer.Zone("cluster"));
        assertThat(FlowPeer.parse(" it ")).isEqualTo(new FlowPeer.Zone("it"));
        assertThat(FlowPeer.parse("zone_2")).isEqualTo(new FlowPeer.Zone("zone_2"));
        assertThat(FlowPeer.parse("fe80")).as("no colon: a name").isEqualTo(new FlowPeer.Zone("fe80"));
        assertThat(FlowPeer.parse("10.0.0.0/8")).isEqualTo(new FlowPeer.Block(Cidr.parse("10.0.0.0/8")));
        assertThat(FlowPeer.parse("10.1.2.3/8")).as("host bits cleared, as iptables")
                .isEqualTo(new FlowPeer.Block(Cidr.parse("10.0.0.0/8")));
        assertThat(FlowPeer.parse("192.168.1.7")).isEqualTo(new FlowPeer.Block(Cidr.parse("192.168.1.7/32")));
        assertThat(FlowPeer.parse("2001:db8::/32")).isEqualTo(new FlowPeer.Block(Cidr.parse("2001:db8::/32")));
        assertThat(FlowPeer.parse("ff02::12")).isEqualTo(new FlowPeer.Block(Cidr.parse("ff02::12/128")));
        assertThat(FlowPeer.parse("cluster")).hasToString("cluster");
        assertThat(FlowPeer.parse("192.168.1.7")).hasToString("192.168.1.7/32");
    }

    @Test
    void aBadPeerSaysWhatItIsNot() {
        String name = " (a zone name is " + ZoneConfig.NAME_EXPECTED + ")";
        assertThatThrownBy(() -> FlowPeer.parse("Bad-Name")).isInstanceOf(InvalidValueException.class)
                .hasMessage("'Bad-Name' is neither a zone name nor an address block" + name);
        assertThatThrownBy(() -> FlowPeer.parse("_x")).hasMessage("'_x' is neither a zone name nor an address block" + name);
        assertThatThrownBy(() -> FlowPeer.parse("a".repeat(33)))
                .hasMessage("'" + "a".repeat(33) + "' is neither a zone name nor an address block" + name);
        assertThatThrownBy(() -> FlowPeer.parse(" ")).isInstanceOf(InvalidValueException.class)
                .hasMessage("an empty entry names no zone and no address block");
        // Anything that looks like an address is read as one, and Cidr says what is wrong with it
        assertThatThrownBy(() -> FlowPeer.parse("10.0.0.0/33")).isInstanceOf(InvalidValueException.class)
                .hasMessage("'/33' in '10.0.0.0/33' is not a prefix length of 0..32");
        assertThatThrownBy(() -> FlowPeer.parse("1.2.3")).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("'1.2.3' is not an IP address");
        assertThatThrownBy(() -> FlowPeer.parse("cluster/8")).isInstanceOf(InvalidValueException.class)
                .hasMessageStartingWith("'cluster' is not an IP address");
    }

    // ---------------------------------------------------------------------------------------------------
    // Zone names and interface patterns
    // ---------------------------------------------------------------------------------------------------

    @Test
    void zoneNamesAreShortLowerCaseIdentifiers() {
        assertThat(ZoneConfig.validName("it")).isTrue();
        assertThat(ZoneConfig.validName("ot_2")).isTrue();
        assertThat(ZoneConfig.validName("a")).isTrue();
        assertThat(ZoneConfig.validName("a" + "b".repeat(31))).as("32 characters").isTrue();
        assertThat(ZoneConfig.validName("a" + "b".repeat(32))).as("33 characters").isFalse();
        assertThat(ZoneConfig.validName("")).isFalse();
        assertThat(ZoneConfig.validName("IT")).isFalse();
        assertThat(ZoneConfig.validName("2nd")).isFalse();
        assertThat(ZoneConfig.validName("_x")).isFalse();
        assertThat(ZoneConfig.validName("it-net")).as("nft set names are built from it").isFalse();
        assertThat(ZoneConfig.validName("it.net")).isFalse();
    }

    @Test
    void interfacePatternsAreKernelNamesOrAPrefixAndAStar() {
        for (String good : List.of("eth0", "docker0", "br-*", "veth*", "eth0.100", "wg_x", "a", "e*",
                "abcdefghijklmno", "abcdefghijklmno*", "e$x", "a'b")) {
            assertThat(InterfacePatterns.valid(good)).as(good).isTrue();
        }
        for (String bad : List.of("", "*", "**", "br*x", "*eth", "eth0:1", "eth 0", "a/b", "a\"b", "a\\b",
                "abcdefghijklmnop", ".", "..", "é")) {
            assertThat(InterfacePatterns.valid(bad)).as(bad).isFalse();
        }
        assertThat(InterfacePatterns.EXPECTED).endsWith(", or a prefix and * such as br-*");
    }

    // ---------------------------------------------------------------------------------------------------
    // Rules
    // ---------------------------------------------------------------------------------------------------

    @Test
    void aRuleNamingNothingMatchesEverything() throws Exception {
        FirewallRuleConfig nothing = rule(List.of(), List.of(), Optional.empty());

        assertThat(nothing.matchesEverything()).isTrue();
        assertThat(withComment(nothing).matchesEverything()).as("a comment matches nothing").isTrue();
        assertThat(rule(List.of(PortRange.parse("22/tcp")), List.of(), Optional.empty()).matchesEverything()).isFalse();
        assertThat(rule(List.of(), List.of(), Optional.of(IpProtocol.VRRP)).matchesEverything()).isFalse();
        assertThat(new FirewallRuleConfig(List.of(FlowPeer.parse("it")), List.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty()).matchesEverything()).isFalse();
        assertThat(new FirewallRuleConfig(List.of(), List.of(FlowPeer.parse("10.0.0.1")), List.of(), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty()).matchesEverything()).isFalse();
        assertThat(new FirewallRuleConfig(List.of(), List.of(), List.of("eth0"), List.of(),
                Optional.empty(), Optional.empty(), Optional.empty()).matchesEverything()).isFalse();
    }

    @Test
    void aPortsTransportsAreItsOwnElseTheProtocolsElseTcpAndUdp() throws Exception {
        PortRange dns = PortRange.parse("53");
        PortRange ssh = PortRange.parse("22/tcp");

        assertThat(rule(List.of(dns), List.of(), Optional.empty()).transports(dns))
                .isEqualTo(EnumSet.of(PortRange.Transport.TCP, PortRange.Transport.UDP));
        assertThat(rule(List.of(ssh), List.of(), Optional.empty()).transports(ssh))
                .isEqualTo(EnumSet.of(PortRange.Transport.TCP));
        assertThat(rule(List.of(dns), List.of(), Optional.of(IpProtocol.UDP)).transports(dns))
                .isEqualTo(EnumSet.of(PortRange.Transport.UDP));
        assertThat(rule(List.of(dns), List.of(), Optional.of(IpProtocol.TCP)).transports(dns))
                .isEqualTo(EnumSet.of(PortRange.Transport.TCP));
        assertThat(rule(List.of(dns), List.of(), Optional.of(IpProtocol.SCTP)).transports(dns))
                .isEqualTo(EnumSet.of(PortRange.Transport.SCTP));
        assertThat(rule(List.of(ssh), List.of(), Optional.of(IpProtocol.TCP)).transports(ssh))
                .isEqualTo(EnumSet.of(PortRange.Transport.TCP));
    }

    private static FirewallRuleConfig rule(List<PortRange> ports, List<FlowPeer> from, Optional<IpProtocol> protocol) {
        return new FirewallRuleConfig(from, List.of(), List.of(), ports, protocol, Optional.empty(), Optional.empty());
    }

    private static FirewallRuleConfig withComment(FirewallRuleConfig rule) {
        return new FirewallRuleConfig(rule.from(), rule.to(), rule.interfaces(), rule.ports(), rule.protocol(),
                rule.rate(), Optional.of("SSH access"));
    }
}

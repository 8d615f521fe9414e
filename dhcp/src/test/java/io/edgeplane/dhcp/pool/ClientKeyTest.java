package io.edgeplane.dhcp.pool;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Client identity (RFC 2131 §4.2, RFC 2132 §9.14). */
class ClientKeyTest {

    private static final byte[] MAC = {0x52, 0x54, 0, 0x12, 0x34, 0x56};

    @Test
    void anIdentifierOfTypeOneAndTheMacIsTheSameClientAsTheMacAlone() {
        ClientKey byId = ClientKey.ofClientId(new byte[] {1, 0x52, 0x54, 0, 0x12, 0x34, 0x56});
        ClientKey byMac = ClientKey.ofHardware(1, MAC);

        assertThat(byId).isEqualTo(byMac).hasSameHashCodeAs(byMac);
        assertThat(byId.spread()).isEqualTo(byMac.spread());
        assertThat(byMac.toString()).isEqualTo("01:52:54:00:12:34:56");
    }

    @Test
    void otherIdentifiersAndHardwareTypesAreOtherClients() {
        assertThat(ClientKey.ofClientId(new byte[] {0, 0x52, 0x54, 0, 0x12, 0x34, 0x56}))
                .isNotEqualTo(ClientKey.ofHardware(1, MAC));
        assertThat(ClientKey.ofHardware(6, MAC)).isNotEqualTo(ClientKey.ofHardware(1, MAC));
    }

    @Test
    void theKeyOwnsItsBytes() {
        byte[] id = {1, 2, 3};
        ClientKey key = ClientKey.ofClientId(id);
        id[0] = 9;

        assertThat(key).isEqualTo(ClientKey.ofClientId(new byte[] {1, 2, 3}));
    }

    @Test
    void theSpreadIsStableAndDiffersForNeighbouringMacs() {
        ClientKey a = ClientKey.ofHardware(1, MAC);
        ClientKey b = ClientKey.ofHardware(1, new byte[] {0x52, 0x54, 0, 0x12, 0x34, 0x57});

        assertThat(a.spread()).isEqualTo(ClientKey.ofHardware(1, MAC.clone()).spread());
        assertThat(a.spread()).isNotEqualTo(b.spread());
    }
}

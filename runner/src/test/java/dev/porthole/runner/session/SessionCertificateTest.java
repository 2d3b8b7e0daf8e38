package dev.porthole.runner.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionCertificateTest {
    private static List<List<?>> sans(String advertised) throws Exception {
        X509Certificate certificate =
                SessionCertificate.generate(SessionAddress.parse(advertised)).certificate();
        return List.copyOf(certificate.getSubjectAlternativeNames());
    }

    @Test
    void anIpAddressIsNamedAsAnIpAddress() throws Exception {
        assertThat(sans("192.0.2.7:8093")).containsExactly(List.of(7, "192.0.2.7"));
        assertThat(sans("[2001:db8::7]:8093")).containsExactly(List.of(7, "2001:db8:0:0:0:0:0:7"));
    }

    @Test
    void aHostNameIsNamedAsADnsName() throws Exception {
        assertThat(sans("runner-host-name.tld:8093")).containsExactly(List.of(2, "runner-host-name.tld"));
    }

    @Test
    void aSelfSignedServerCertificateForTwoYearsWithAnEcKey() throws Exception {
        var generated = SessionCertificate.generate(SessionAddress.parse("runner.example.com:8093"));
        X509Certificate certificate = generated.certificate();
        certificate.verify(certificate.getPublicKey());
        assertThat(certificate.getSubjectX500Principal()).isEqualTo(certificate.getIssuerX500Principal());
        assertThat(certificate.getPublicKey()).isInstanceOf(ECPublicKey.class);
        assertThat(certificate.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        Duration validity =
                Duration.between(Instant.now(), certificate.getNotAfter().toInstant());
        assertThat(validity).isBetween(Duration.ofDays(729), Duration.ofDays(731));
        assertThat(certificate.getNotBefore().toInstant()).isBefore(Instant.now());
        assertThat(certificate.getSerialNumber().bitLength()).isGreaterThan(100);
        assertThat(generated.pem()).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----\n");
    }
}

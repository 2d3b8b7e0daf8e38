package dev.porthole.server.terminalproxy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * TLS that trusts exactly one certificate, the one a runner announced for a session, and still checks that it names
 * the host dialled: a runner's self-signed certificate is neither in any trust store nor should it vouch for
 * anything else.
 */
final class PinnedTls {
    private PinnedTls() {}

    static SslContextFactory.Client forCertificate(String pem) throws GeneralSecurityException {
        Certificate certificate = CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trusted.load(null, null);
        } catch (java.io.IOException impossible) {
            throw new GeneralSecurityException(impossible);
        }
        trusted.setCertificateEntry("session", certificate);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);

        var factory = new SslContextFactory.Client();
        factory.setSslContext(context);
        factory.setEndpointIdentificationAlgorithm("HTTPS");
        factory.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        return factory;
    }
}

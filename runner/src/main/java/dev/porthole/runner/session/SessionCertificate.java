package dev.porthole.runner.session;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.net.InetAddress;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The session server's self-signed certificate, made at every start (BouncyCastle): an EC P-256 key, one subject
 * alternative name, the advertised host (an IP address entry for an IP, a DNS name otherwise), valid two years,
 * for server authentication only. The server trusts exactly this certificate for the session.
 *
 * <p>EC P-256 rather than GitLab's RSA-2048: the key is made in milliseconds instead of up to a second of a busy
 * CPU at every start, handshakes are cheaper, and every client that speaks TLS 1.2 accepts it (Go's crypto/tls in
 * GitLab Workhorse, the JDK, browsers).
 */
record SessionCertificate(X509Certificate certificate, KeyPair keys, String pem) {
    static final Duration VALIDITY = Duration.ofDays(730);
    private static final SecureRandom RANDOM = new SecureRandom();

    static SessionCertificate generate(SessionAddress advertised) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
        KeyPair keys = generator.generateKeyPair();
        X500Name subject = new X500Name("O=Porthole Runner");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                new BigInteger(127, RANDOM).setBit(126),
                Date.from(now.minus(Duration.ofMinutes(5))),
                Date.from(now.plus(VALIDITY)),
                subject,
                keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(
                    Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(name(advertised)));
            var signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new SessionCertificate(certificate, keys, pem(certificate));
        } catch (IOException | OperatorCreationException e) {
            throw new GeneralSecurityException("cannot make the session server's certificate: " + e.getMessage(), e);
        }
    }

    private static GeneralName name(SessionAddress advertised) throws IOException {
        if (advertised.isIpLiteral()) {
            // A literal: parsed, never looked up.
            byte[] address = InetAddress.getByName(advertised.host()).getAddress();
            return new GeneralName(GeneralName.iPAddress, new DEROctetString(address));
        }
        return new GeneralName(GeneralName.dNSName, advertised.host());
    }

    private static String pem(X509Certificate certificate) throws IOException {
        var text = new StringWriter();
        try (var writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        }
        return text.toString();
    }

    /** A key store holding the key and the certificate, for the TLS server. */
    KeyStore keyStore(char[] password) throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        store.setKeyEntry("session", keys.getPrivate(), password, new Certificate[] {certificate});
        return store;
    }
}

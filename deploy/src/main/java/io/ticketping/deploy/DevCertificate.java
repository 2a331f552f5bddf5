package io.ticketping.deploy;

import io.ticketping.shared.crypto.Es256Keys;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;

/**
 * A self-signed P-256 certificate for the event bus of a split run on one host: every member presents it and trusts
 * only it, so it is at once each member's certificate and the cluster's trust anchor. It can serve both ends of a TLS
 * connection (extended key usage server and client authentication). Made with BouncyCastle's ASN.1 classes, as the JDK
 * has no public API that writes certificates.
 *
 * @param keyPem  PKCS#8 {@code -----BEGIN PRIVATE KEY-----}
 * @param certPem X.509 {@code -----BEGIN CERTIFICATE-----}
 */
record DevCertificate(String keyPem, String certPem) {

  private static final Duration VALIDITY = Duration.ofDays(3650);

  static DevCertificate generate(String commonName) {
    Es256Keys keys = Es256Keys.generate();
    try {
      AlgorithmIdentifier ecdsaSha256 = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
      X500Name name = new X500Name("CN=" + commonName);
      Instant now = Instant.now();
      V3TBSCertificateGenerator tbs = new V3TBSCertificateGenerator();
      tbs.setSerialNumber(new ASN1Integer(new BigInteger(127, new SecureRandom())));
      tbs.setSignature(ecdsaSha256);
      tbs.setIssuer(name);
      tbs.setSubject(name);
      // A little in the past, so that a member whose clock is slightly behind accepts it too.
      tbs.setStartDate(new Time(Date.from(now.minus(Duration.ofHours(1)))));
      tbs.setEndDate(new Time(Date.from(now.plus(VALIDITY))));
      tbs.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(Es256Keys.publicKey(keys.publicPem()).getEncoded()));
      tbs.setExtensions(new Extensions(new Extension[] {
        new Extension(Extension.keyUsage, true,
          new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyCertSign).getEncoded(ASN1Encoding.DER)),
        new Extension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(new KeyPurposeId[] {
          KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}).getEncoded(ASN1Encoding.DER))}));
      TBSCertificate certificate = tbs.generateTBSCertificate();
      Signature signer = Signature.getInstance("SHA256withECDSA");
      signer.initSign(Es256Keys.privateKey(keys.privatePem()));
      signer.update(certificate.getEncoded(ASN1Encoding.DER));
      ASN1EncodableVector signed = new ASN1EncodableVector();
      signed.add(certificate);
      signed.add(ecdsaSha256);
      signed.add(new DERBitString(signer.sign()));
      return new DevCertificate(keys.privatePem(), pem(new DERSequence(signed).getEncoded(ASN1Encoding.DER)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA256withECDSA is required by every JVM", e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(byte[] der) {
    return "-----BEGIN CERTIFICATE-----\n"
      + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
      + "\n-----END CERTIFICATE-----\n";
  }
}

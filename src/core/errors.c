/* SPDX-License-Identifier: BSD-3-Clause */
/* Readable text for cspdm_status codes, SPDM request codes and device ERROR codes. */
#include "cspdm/cspdm.h"

struct status_text {
	const char *name;
	const char *text;
};

static const struct status_text status_texts[CSPDM_STATUS_COUNT] = {
    [CSPDM_OK] = {"OK", "success"},
    [CSPDM_E_TRUNCATED] = {"TRUNCATED", "message ends before a field"},
    [CSPDM_E_TRAILING] = {"TRAILING", "unexpected bytes after the end of the message"},
    [CSPDM_E_RESPONSE_CODE] = {"RESPONSE_CODE", "response code does not answer the request"},
    [CSPDM_E_VERSION_FIELD] = {"VERSION_FIELD", "SPDMVersion differs from the negotiated one"},
    [CSPDM_E_RESERVED] = {"RESERVED", "reserved field or bit is not zero"},
    [CSPDM_E_LENGTH] = {"LENGTH", "length field disagrees with the message"},
    [CSPDM_E_COUNT] = {"COUNT", "count disagrees with a mask, length or limit"},
    [CSPDM_E_FIELD] = {"FIELD", "field holds a value the specification does not allow"},
    [CSPDM_E_NO_COMMON_VERSION] = {"NO_COMMON_VERSION", "no SPDM version in common"},
    [CSPDM_E_CAPABILITIES] = {"CAPABILITIES", "contradictory or insufficient capabilities"},
    [CSPDM_E_ALGORITHM] = {"ALGORITHM", "algorithm selection invalid (zero, several or unoffered)"},
    [CSPDM_E_SLOT] = {"SLOT", "certificate slot not provisioned or mismatched"},
    [CSPDM_E_CERT_PORTION] = {"CERT_PORTION", "certificate portion empty or longer than requested"},
    [CSPDM_E_CERT_REMAINDER] = {"CERT_REMAINDER", "certificate remainder inconsistent"},
    [CSPDM_E_CERT_TOO_LARGE] = {"CERT_TOO_LARGE", "certificate chain larger than the storage"},
    [CSPDM_E_CERT_CHAIN_FORMAT] = {"CERT_CHAIN_FORMAT", "malformed SPDM certificate chain"},
    [CSPDM_E_ROOT_HASH] = {"ROOT_HASH", "RootHash does not match the root certificate"},
    [CSPDM_E_CHAIN_DIGEST] = {"CHAIN_DIGEST", "certificate chain digest mismatch"},
    [CSPDM_E_X509_PARSE] = {"X509_PARSE", "certificate is not valid X.509 DER"},
    [CSPDM_E_X509_UNTRUSTED] = {"X509_UNTRUSTED", "chain does not anchor in a trusted root"},
    [CSPDM_E_X509_SIGNATURE] = {"X509_SIGNATURE", "certificate signature invalid"},
    [CSPDM_E_X509_VALIDITY] = {"X509_VALIDITY", "certificate expired or not yet valid"},
    [CSPDM_E_X509_CA] = {"X509_CA", "basic constraints violated (leaf CA or issuer not CA)"},
    [CSPDM_E_X509_KEY_USAGE] = {"X509_KEY_USAGE", "leaf key usage not digitalSignature-only"},
    [CSPDM_E_X509_SAN] = {"X509_SAN", "PCIe CMA subjectAltName missing or different"},
    [CSPDM_E_X509_KEY] = {"X509_KEY", "key type or size does not fit the algorithm"},
    [CSPDM_E_X509_DEPTH] = {"X509_DEPTH", "certificate chain too deep"},
    [CSPDM_E_SIGNATURE] = {"SIGNATURE", "signature does not verify"},
    [CSPDM_E_NONCE] = {"NONCE", "nonce echoed, reused, missing or not the expected one"},
    [CSPDM_E_POLICY] = {"POLICY",
			"measurements differ from the reference policy, or it is invalid"},
    [CSPDM_E_DEVICE_ERROR] = {"DEVICE_ERROR", "device answered with ERROR"},
    [CSPDM_E_BUSY] = {"BUSY", "device stayed Busy beyond the retry limit"},
    [CSPDM_E_NOT_READY] = {"NOT_READY", "ResponseNotReady beyond the limit or inconsistent"},
    [CSPDM_E_RESYNCH] = {"RESYNCH", "RequestResynch beyond the retry limit"},
    [CSPDM_E_TIMEOUT] = {"TIMEOUT", "no response in the time allowed"},
    [CSPDM_E_IO] = {"IO", "I/O failure"},
    [CSPDM_E_RESOLVE] = {"RESOLVE", "host name does not resolve"},
    [CSPDM_E_TRANSPORT] = {"TRANSPORT", "transport framing invalid"},
    [CSPDM_E_BUFFER_TOO_SMALL] = {"BUFFER_TOO_SMALL", "caller buffer too small"},
    [CSPDM_E_INVALID_ARG] = {"INVALID_ARG", "invalid argument"},
    [CSPDM_E_STATE] = {"STATE", "call not valid in this state"},
    [CSPDM_E_CRYPTO] = {"CRYPTO", "crypto backend failure"},
    [CSPDM_E_UNSUPPORTED] = {"UNSUPPORTED", "feature not supported by cspdm"},
    [CSPDM_E_TRANSCRIPT_FULL] = {"TRANSCRIPT_FULL", "transcript storage full"},
    [CSPDM_E_DHE_KEY] = {"DHE_KEY", "peer's DHE public value invalid (off the curve or range)"},
    [CSPDM_E_VERIFY_DATA] = {"VERIFY_DATA", "verify data (HMAC over the transcript) mismatch"},
    [CSPDM_E_DECRYPT] = {"DECRYPT", "secured message does not open (MAC or length)"},
    [CSPDM_E_SESSION_ID] = {"SESSION_ID", "secured message for another session"},
    [CSPDM_E_SEQUENCE] = {"SEQUENCE", "sequence number out of step or exhausted"},
    [CSPDM_E_NOT_SECURED] = {"NOT_SECURED", "plaintext message where a secured one is due"},
    [CSPDM_E_CHUNK] = {"CHUNK", "chunk transfer inconsistent (sequence, handle or sizes)"},
    [CSPDM_E_MSG_TOO_LARGE] = {"MSG_TOO_LARGE",
			       "message larger than a DataTransferSize, MaxSPDMmsgSize or storage"},
    [CSPDM_E_NO_DEVICE] = {"NO_DEVICE", "no such device, or no route to it"},
    [CSPDM_E_PERMISSION] = {"PERMISSION", "access to the device refused (run as root)"},
    [CSPDM_E_NOT_OFFERED] = {"NOT_OFFERED", "the device does not offer SPDM on this transport"},
    [CSPDM_E_DEVICE_STATUS] = {"DEVICE_STATUS", "the device failed the command"},
    [CSPDM_E_ENCAP_LIMIT] = {"ENCAP_LIMIT", "more encapsulated requests in a row than the limit"},
    [CSPDM_E_ENCAP_UNEXPECTED] = {"ENCAP_UNEXPECTED",
				  "encapsulated request or response not answered in this flow"},
    [CSPDM_E_ENCAP_ID] = {"ENCAP_ID", "encapsulated RequestID reused or naming no such request"},
    [CSPDM_E_MUT_AUTH] = {"MUT_AUTH", "mutual authentication requested and not performed"},
};

const char *cspdm_strerror(cspdm_status code)
{
	if ((unsigned)code >= CSPDM_STATUS_COUNT || !status_texts[code].text)
		return "unknown status";
	return status_texts[code].text;
}

const char *cspdm_status_name(cspdm_status code)
{
	if ((unsigned)code >= CSPDM_STATUS_COUNT || !status_texts[code].name)
		return "UNKNOWN";
	return status_texts[code].name;
}

struct code_name {
	uint8_t code;
	const char *name;
};

static const struct code_name requests[] = {
    {0x81, "GET_DIGESTS"},
    {0x82, "GET_CERTIFICATE"},
    {0x83, "CHALLENGE"},
    {0x84, "GET_VERSION"},
    {0x85, "CHUNK_SEND"},
    {0x86, "CHUNK_GET"},
    {0xE0, "GET_MEASUREMENTS"},
    {0xE1, "GET_CAPABILITIES"},
    {0xE3, "NEGOTIATE_ALGORITHMS"},
    {0xE4, "KEY_EXCHANGE"},
    {0xE5, "FINISH"},
    {0xE6, "PSK_EXCHANGE"},
    {0xE7, "PSK_FINISH"},
    {0xE8, "HEARTBEAT"},
    {0xE9, "KEY_UPDATE"},
    {0xEA, "GET_ENCAPSULATED_REQUEST"},
    {0xEB, "DELIVER_ENCAPSULATED_RESPONSE"},
    {0xEC, "END_SESSION"},
    {0xFE, "VENDOR_DEFINED_REQUEST"},
    {0xFF, "RESPOND_IF_READY"},
    {0x01, "DIGESTS"},
    {0x02, "CERTIFICATE"},
    {0x03, "CHALLENGE_AUTH"},
    {0x04, "VERSION"},
    {0x05, "CHUNK_SEND_ACK"},
    {0x06, "CHUNK_RESPONSE"},
    {0x60, "MEASUREMENTS"},
    {0x61, "CAPABILITIES"},
    {0x63, "ALGORITHMS"},
    {0x64, "KEY_EXCHANGE_RSP"},
    {0x65, "FINISH_RSP"},
    {0x66, "PSK_EXCHANGE_RSP"},
    {0x67, "PSK_FINISH_RSP"},
    {0x68, "HEARTBEAT_ACK"},
    {0x69, "KEY_UPDATE_ACK"},
    {0x6A, "ENCAPSULATED_REQUEST"},
    {0x6B, "ENCAPSULATED_RESPONSE_ACK"},
    {0x6C, "END_SESSION_ACK"},
    {0x7E, "VENDOR_DEFINED_RESPONSE"},
    {0x7F, "ERROR"},
};

static const struct code_name device_errors[] = {
    {0x01, "InvalidRequest"},	    {0x02, "InvalidSession"},  {0x03, "Busy"},
    {0x04, "UnexpectedRequest"},    {0x05, "Unspecified"},     {0x06, "DecryptError"},
    {0x07, "UnsupportedRequest"},   {0x08, "RequestInFlight"}, {0x09, "InvalidResponseCode"},
    {0x0A, "SessionLimitExceeded"}, {0x0B, "SessionRequired"}, {0x0C, "ResetRequired"},
    {0x0D, "ResponseTooLarge"},	    {0x0E, "RequestTooLarge"}, {0x0F, "LargeResponse"},
    {0x10, "MessageLost"},	    {0x11, "InvalidPolicy"},   {0x41, "VersionMismatch"},
    {0x42, "ResponseNotReady"},	    {0x43, "RequestResynch"},  {0x44, "OperationFailed"},
    {0x45, "NoPendingRequests"},    {0xFF, "VendorDefined"},
};

static const char *lookup(const struct code_name *t, size_t n, uint8_t code)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].name;
	return "unknown";
}

const char *cspdm_request_name(uint8_t code)
{
	return lookup(requests, sizeof(requests) / sizeof(requests[0]), code);
}

const char *cspdm_device_error_name(uint8_t code)
{
	return lookup(device_errors, sizeof(device_errors) / sizeof(device_errors[0]), code);
}

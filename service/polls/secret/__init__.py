"""The cryptographic core of secret ballots (issue 16): exponential ElGamal on the
Ed25519 prime-order group (libsodium through PyNaCl), zero-knowledge proofs, a k-of-n
counting committee by Pedersen's DKG, threshold decryption of the tally only, and the
election record that `tools/verify_tally.py` checks. No Flask or eventsourcing here.

Modules: `group` (points, scalars, hashing), `elgamal` (ciphertexts, proofs, ballots),
`threshold` (the key ceremony and share files), `decrypt` (closing the poll),
`record` (the published election record). docs/secret-ballots.md has the protocol.
"""

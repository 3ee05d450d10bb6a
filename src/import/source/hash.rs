//! SHA-256 of every input file, recorded in the audit: computed on a thread of its own
//! while the file is read ([`HashingReader`]), or ahead of reading it ([`Prehash`]), or of
//! a small file at once ([`sha256_file`]).

use std::fs::File;
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::errors::io_err;
use crate::study::error::StudyError;

/// A reader that hashes every byte that passes through it.
///
/// SHA-256 of a gigabyte costs the better part of a second even with the CPU's SHA
/// extensions, so the hashing runs on a thread of its own: bytes are copied into 1 MiB
/// batches and sent over a bounded channel (at most [`HASH_QUEUE`] batches in flight, so
/// memory stays constant), and the digest is collected in [`HashingReader::finish`].
pub struct HashingReader<R> {
    inner: R,
    hasher: BackgroundHasher,
    bytes: u64,
}

impl<R: Read> HashingReader<R> {
    /// Hashes what passes through (`hash`), or only counts the bytes (the file is hashed by
    /// a [`Prehash`]; the digest is then empty).
    pub fn new(inner: R, hash: bool) -> HashingReader<R> {
        HashingReader {
            inner,
            hasher: if hash {
                BackgroundHasher::new()
            } else {
                BackgroundHasher::off()
            },
            bytes: 0,
        }
    }

    /// Reads to the end of the file `path` and returns its digest.
    pub fn finish(mut self, path: &Path) -> Result<Digested, StudyError> {
        io::copy(&mut self, &mut io::sink()).map_err(|e| io_err(path, e))?;
        let bytes = self.bytes;
        Ok(Digested {
            sha256: self.hasher.finish().map_err(|e| io_err(path, e))?,
            bytes,
        })
    }
}

/// Size of one batch of bytes sent to the hashing thread.
const HASH_BATCH: usize = 1 << 20;
/// Batches queued for the hashing thread before the reader waits for it.
const HASH_QUEUE: usize = 8;

/// SHA-256 computed on a separate thread (or inline when no thread can be started).
struct BackgroundHasher {
    batch: Vec<u8>,
    worker: Option<(
        std::sync::mpsc::SyncSender<Vec<u8>>,
        std::thread::JoinHandle<Sha256>,
    )>,
    /// Used when spawning failed.
    inline: Sha256,
    /// The thread went away before the end: the digest cannot be computed.
    failed: bool,
    /// Hashing is done elsewhere ([`Prehash`]): bytes are only counted.
    off: bool,
}

impl BackgroundHasher {
    fn new() -> BackgroundHasher {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<u8>>(HASH_QUEUE);
        let worker = std::thread::Builder::new()
            .name("sha256".into())
            .spawn(move || {
                let mut h = Sha256::new();
                for batch in rx {
                    h.update(&batch);
                }
                h
            })
            .ok()
            .map(|handle| (tx, handle));
        BackgroundHasher {
            batch: Vec::with_capacity(HASH_BATCH),
            worker,
            inline: Sha256::new(),
            failed: false,
            off: false,
        }
    }

    /// A hasher that hashes nothing (the file is hashed by a [`Prehash`]).
    fn off() -> BackgroundHasher {
        BackgroundHasher {
            batch: Vec::new(),
            worker: None,
            inline: Sha256::new(),
            failed: false,
            off: true,
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        if self.off {
            return;
        }
        if self.worker.is_none() {
            self.inline.update(bytes);
            return;
        }
        self.batch.extend_from_slice(bytes);
        if self.batch.len() >= HASH_BATCH {
            self.flush();
        }
    }

    fn flush(&mut self) {
        if self.batch.is_empty() {
            return;
        }
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(HASH_BATCH));
        if let Some((tx, _)) = &self.worker {
            if let Err(std::sync::mpsc::SendError(batch)) = tx.send(batch) {
                // The thread is gone: what it had hashed cannot be recovered, so `finish`
                // reports an error instead of a wrong digest.
                drop(batch);
                self.worker = None;
                self.failed = true;
            }
        }
    }

    fn finish(mut self) -> io::Result<String> {
        if self.off {
            return Ok(String::new());
        }
        self.flush();
        if self.failed {
            return Err(io::Error::other("the hashing thread stopped"));
        }
        let hasher = match self.worker.take() {
            None => self.inline,
            Some((tx, handle)) => {
                drop(tx);
                handle
                    .join()
                    .map_err(|_| io::Error::other("the hashing thread stopped"))?
            }
        };
        Ok(hex(&hasher.finalize()))
    }
}

impl<R: Read> Read for HashingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.bytes += n as u64;
        Ok(n)
    }
}

/// SHA-256 and size of a file after it has been read to the end.
#[derive(Debug)]
pub struct Digested {
    pub sha256: String,
    pub bytes: u64,
}

/// Bytes as lowercase hexadecimal digits.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}

/// SHA-256 of a whole file (used for small files such as the codebook).
pub fn sha256_file(path: &Path) -> Result<Digested, StudyError> {
    let file = File::open(path).map_err(|e| io_err(path, e))?;
    let mut reader = BufReader::new(file);
    let mut hasher = Sha256::new();
    let bytes = io::copy(&mut reader, &mut hasher).map_err(|e| io_err(path, e))?;
    Ok(Digested {
        sha256: hex(&hasher.finalize()),
        bytes,
    })
}

/// SHA-256 of a file computed on a thread of its own ahead of parsing it: the event log is
/// hashed while the survey is parsed, on the core the survey leaves idle, instead of
/// competing with the event parsing later. The file is then parsed from a
/// second read, so [`Prehash::finish`] checks that the file is the one that was hashed:
/// the same size and modification time before hashing and after parsing, and as many
/// bytes hashed as parsed; a file changed in between is an error, never a wrong digest.
pub struct Prehash {
    path: PathBuf,
    before: (u64, Option<std::time::SystemTime>),
    worker: Option<std::thread::JoinHandle<Result<Digested, StudyError>>>,
}

fn stamp(path: &Path) -> Result<(u64, Option<std::time::SystemTime>), StudyError> {
    let meta = std::fs::metadata(path).map_err(|e| io_err(path, e))?;
    Ok((meta.len(), meta.modified().ok()))
}

impl Prehash {
    pub fn start(path: &Path) -> Result<Prehash, StudyError> {
        // A named pipe would block the hashing thread's first read, and `finish` with it.
        super::regular::require_regular_file(path)?;
        let before = stamp(path)?;
        let p = path.to_path_buf();
        let worker = std::thread::Builder::new()
            .name("sha256-ahead".into())
            .spawn(move || {
                let mut file = File::open(&p).map_err(|e| io_err(&p, e))?;
                let mut hasher = Sha256::new();
                let mut buf = vec![0u8; 1 << 20];
                let mut bytes = 0u64;
                loop {
                    match file.read(&mut buf) {
                        Ok(0) => break,
                        Ok(n) => {
                            hasher.update(&buf[..n]);
                            bytes += n as u64;
                        }
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => return Err(io_err(&p, e)),
                    }
                }
                Ok(Digested {
                    sha256: hex(&hasher.finalize()),
                    bytes,
                })
            })
            .ok();
        Ok(Prehash {
            path: path.to_path_buf(),
            before,
            worker,
        })
    }

    /// The digest, once `parsed_bytes` were read by the parser: an error when the file
    /// changed since hashing began.
    pub fn finish(mut self, parsed_bytes: u64) -> Result<Digested, StudyError> {
        let digest = match self.worker.take() {
            Some(w) => w
                .join()
                .map_err(|_| io_err(&self.path, "the hashing thread stopped"))??,
            // No thread could be started: hash now (the file is in the page cache).
            None => sha256_file(&self.path)?,
        };
        if stamp(&self.path)? != self.before || digest.bytes != parsed_bytes {
            return Err(io_err(
                &self.path,
                "the file changed while it was being read; run again once it is complete",
            ));
        }
        Ok(digest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prehash_gives_the_digest_of_the_file_or_refuses_a_changed_one() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("events.csv");
        std::fs::write(&path, b"abc").unwrap();
        // SHA-256("abc"), FIPS 180-2 appendix B.1.
        let abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        let digest = Prehash::start(&path).unwrap().finish(3).unwrap();
        assert_eq!(digest.sha256, abc);
        assert_eq!(digest.bytes, 3);
        // Fewer bytes parsed than hashed: refused.
        assert!(Prehash::start(&path).unwrap().finish(2).is_err());
        // The file grows after hashing began: refused, whatever the thread read.
        let pre = Prehash::start(&path).unwrap();
        std::fs::write(&path, b"abcd").unwrap();
        let err = pre.finish(4).unwrap_err().to_string();
        assert!(err.contains("changed while it was being read"), "{err}");
    }
}

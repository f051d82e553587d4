//! Who asks, at the command line: the operator and the authorising manager
//! named by `--operator` and `--manager`, each proving it with a PIN read
//! from standard input (one a line, the operator's first, then the
//! manager's) or from a hidden prompt, never from arguments, which other
//! users can see in the process list. The core checks them exactly as it
//! checks the window's signed-in operator.

use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use super::common::fail;
use crate::counter::{Asker, ManagerPin, OperatorRef};
use crate::operators::Pin;
use crate::secrets::Sensitive;

/// Where PINs come from: a hidden prompt at a terminal, else the lines of
/// standard input, read once and kept wrapped so they are wiped.
pub(super) struct PinSource {
    piped: Option<Sensitive<String>>,
    next_line: usize,
}

impl PinSource {
    pub(super) fn new() -> PinSource {
        PinSource {
            piped: None,
            next_line: 0,
        }
    }

    pub(super) fn line(&mut self, what: &str) -> Result<Pin, ExitCode> {
        let text = self.secret(what)?;
        Pin::new(text.expose().clone()).map_err(fail)
    }

    /// The next secret line (a PIN, a password), kept wrapped.
    pub(super) fn secret(&mut self, what: &str) -> Result<Sensitive<String>, ExitCode> {
        if std::io::stdin().is_terminal() {
            let text = rpassword::prompt_password(format!("{what}: "))
                .map_err(|e| fail(format!("cannot read the {what}: {e}")))?;
            return Ok(Sensitive::new(text));
        }
        if self.piped.is_none() {
            let mut buf = String::new();
            std::io::stdin()
                .read_to_string(&mut buf)
                .map_err(|e| fail(format!("cannot read PINs from standard input: {e}")))?;
            self.piped = Some(Sensitive::new(buf));
        }
        let all = self
            .piped
            .as_ref()
            .map(|s| s.expose().as_str())
            .unwrap_or("");
        let Some(line) = all.lines().nth(self.next_line) else {
            return Err(fail(format!(
                "no {what} on standard input: give one a line (the operator's PIN first, then the manager's, then any password)"
            )));
        };
        self.next_line += 1;
        Ok(Sensitive::new(line.trim_end_matches('\r').to_owned()))
    }

    /// A new PIN; at a terminal it is asked twice.
    pub(super) fn new_pin(&mut self, name: &str) -> Result<Pin, ExitCode> {
        let pin = self.line(&format!("new PIN for {name}"))?;
        if std::io::stdin().is_terminal() {
            let again = self.line("the same PIN again")?;
            if pin.same_as(&again) {
                return Ok(pin);
            }
            return Err(fail("the two PINs differ: nothing was changed"));
        }
        Ok(pin)
    }
}

/// The PINs of a manager's act: the asker (`operator`, else the manager
/// acting alone) and the manager, from standard input or a prompt.
pub(super) fn manager_act(operator: Option<&str>, manager: &str) -> Result<Who, ExitCode> {
    Who::read(&mut PinSource::new(), operator, Some(manager))
}

/// The PINs of one command's asker and authorising manager.
pub(super) struct Who {
    operator: Option<(String, Pin)>,
    manager: Option<(String, Pin)>,
}

impl Who {
    /// Reads the PINs of `operator` (if named) and then `manager` (if
    /// named). A manager acting alone gives their PIN once.
    pub(super) fn read(
        pins: &mut PinSource,
        operator: Option<&str>,
        manager: Option<&str>,
    ) -> Result<Who, ExitCode> {
        let operator = match operator {
            Some(name) => {
                let name = name.trim().to_owned();
                let pin = pins.line(&format!("PIN of {name}"))?;
                Some((name, pin))
            }
            None => None,
        };
        let manager = match manager {
            Some(name) => {
                let name = name.trim().to_owned();
                let pin = pins.line(&format!("PIN of manager {name}"))?;
                Some((name, pin))
            }
            None => None,
        };
        Ok(Who { operator, manager })
    }

    /// Who asks: the operator, else the manager acting alone.
    pub(super) fn asker(&self) -> Result<Asker<'_>, ExitCode> {
        match self.operator.as_ref().or(self.manager.as_ref()) {
            Some((name, pin)) => Ok(Asker::Pin { name, pin }),
            None => Err(fail(
                "name who asks: --operator NAME (their PIN is read from standard input)",
            )),
        }
    }

    /// The authorising manager's PIN.
    /// The asker and the authorising manager of a manager's act.
    pub(super) fn both(&self) -> Result<(Asker<'_>, ManagerPin<'_>), ExitCode> {
        Ok((self.asker()?, self.manager()?))
    }

    pub(super) fn manager(&self) -> Result<ManagerPin<'_>, ExitCode> {
        match &self.manager {
            Some((name, pin)) => Ok(ManagerPin {
                manager: OperatorRef::Name(name),
                pin,
            }),
            None => Err(fail(
                "this needs a manager: give --manager NAME (their PIN is read from standard input)",
            )),
        }
    }
}

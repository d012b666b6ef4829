//! Model colours, and a darker or lighter shade of one.

/// A colour, as red, green and blue.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// The same colour mixed with black, `share` of the way.
    pub fn darker(self, share: f64) -> Rgb {
        let mix = |c: u8| (f64::from(c) * (1.0 - share)).round() as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }

    /// The same colour mixed with white, `share` of the way.
    pub fn lighter(self, share: f64) -> Rgb {
        let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * share).round() as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

impl Rgb {
    /// How far apart two colours are: the distance between them in RGB, 0 to 441.
    pub fn distance(self, other: Rgb) -> f64 {
        let d = |a: u8, b: u8| (f64::from(a) - f64::from(b)).powi(2);
        (d(self.0, other.0) + d(self.1, other.1) + d(self.2, other.2)).sqrt()
    }
}

//! The English names of months and weekdays, in lower case, for every part that reads
//! dates out of text (the plain-text parser's date lines, note references after a date,
//! the figures the claims core compares). Data only.

pub const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

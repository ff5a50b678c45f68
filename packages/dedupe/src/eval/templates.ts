import { pick, type Rand } from './transform.js';

/**
 * Templated briefs: automated items that share one sentence frame and differ in the names,
 * figures and dates — the hard negatives of a near-duplicate detector. Each family has several
 * frames; a pair is one frame filled twice with different generated values. Names are made from
 * syllables so no real company, team or person is named, but they read like names.
 */

const SYL = ['ar', 'bel', 'cor', 'dan', 'el', 'fen', 'gar', 'hal', 'is', 'jor', 'kel', 'lan', 'mor', 'nor', 'ost', 'per', 'quin', 'ros', 'sten', 'tor', 'ul', 'ver', 'wen', 'yar', 'zan', 'bro', 'cla', 'dra', 'fro', 'gri'];
const FIRST = ['Anna', 'Ben', 'Clara', 'David', 'Elena', 'Farid', 'Grace', 'Hugo', 'Ines', 'James', 'Kofi', 'Lena', 'Marco', 'Nadia', 'Omar', 'Priya', 'Rosa', 'Samuel', 'Tariq', 'Ursula', 'Victor', 'Wei', 'Yusuf', 'Zoe'];
const CORP = ['Corp', 'Inc', 'Holdings', 'Group', 'Industries', 'Systems', 'Technologies', 'Energy', 'Foods', 'Logistics', 'Pharma', 'Bank'];
const TEAM = ['Rovers', 'United', 'City', 'Falcons', 'Wolves', 'Rangers', 'Athletic', 'Hawks', 'Comets', 'Mariners'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SKY = ['sunny', 'cloudy', 'overcast', 'showery', 'foggy', 'windy', 'clear'];
const OFFENCES = ['burglary', 'fraud', 'assault', 'theft', 'arson', 'dangerous driving', 'robbery'];

const cap = (s: string) => s[0]!.toUpperCase() + s.slice(1);
const word = (r: Rand, n = 2) => cap(Array.from({ length: n }, () => pick(r, SYL)).join(''));
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const fixed = (r: Rand, lo: number, hi: number, d = 2) => (lo + r() * (hi - lo)).toFixed(d);

/** One filling of a frame: every slot a frame may use. */
interface Fill {
  company: string;
  ticker: string;
  person: string;
  person2: string;
  place: string;
  team1: string;
  team2: string;
  day: string;
  date: string;
  n: (lo: number, hi: number) => number;
  x: (lo: number, hi: number, d?: number) => string;
  sky: string;
  offence: string;
  street: string;
}

function fill(r: Rand): Fill {
  const company = `${word(r, 2)} ${pick(r, CORP)}`;
  return {
    company,
    ticker: company.replace(/[^A-Z]/g, '').padEnd(3, 'X') + word(r, 1).slice(0, 1).toUpperCase(),
    person: `${pick(r, FIRST)} ${word(r, 2)}`,
    person2: `${pick(r, FIRST)} ${word(r, 2)}`,
    place: word(r, 2 + Math.floor(r() * 2)),
    team1: `${word(r, 2)} ${pick(r, TEAM)}`,
    team2: `${word(r, 2)} ${pick(r, TEAM)}`,
    day: pick(r, DAYS),
    date: `${pick(r, MONTHS)} ${int(r, 1, 28)}`,
    n: (lo, hi) => int(r, lo, hi),
    x: (lo, hi, d) => fixed(r, lo, hi, d),
    sky: pick(r, SKY),
    offence: pick(r, OFFENCES),
    street: word(r, 2),
  };
}

type Frame = (f: Fill) => string;

/** Frame families by kind; each frame is a whole brief. */
export const TEMPLATE_FAMILIES: Record<string, Frame[]> = {
  earnings: [
    (f) =>
      `${f.company} (${f.ticker}) reported third-quarter earnings of $${f.x(0.1, 4)} per share on ${f.day}, compared with $${f.x(0.1, 4)} a year earlier. Revenue rose ${f.x(1, 30, 1)} percent to $${f.x(1, 90, 1)} billion, beating analysts' estimates of $${f.x(1, 90, 1)} billion. The company said it expects full-year sales of between $${f.x(10, 300, 1)} billion and $${f.x(10, 300, 1)} billion. Shares of ${f.company} rose ${f.x(0.5, 9, 1)} percent in after-hours trading.`,
    (f) =>
      `${f.company} on ${f.day} posted a net profit of ${f.n(10, 900)} million dollars for the quarter ended ${f.date}, up from ${f.n(10, 900)} million dollars in the same period last year. Earnings per share were ${f.n(5, 300)} cents, against ${f.n(5, 300)} cents a year ago. Chief executive ${f.person} said demand remained strong and the board approved a dividend of ${f.n(2, 90)} cents a share, payable on ${f.date}.`,
    (f) =>
      `Shr ${f.n(1, 99)} cts vs ${f.n(1, 99)} cts. Net ${f.x(0.1, 99, 1)} mln vs ${f.x(0.1, 99, 1)} mln. Revs ${f.x(1, 900, 1)} mln vs ${f.x(1, 900, 1)} mln. Nine mths shr ${f.x(0.1, 5)} dlrs vs ${f.x(0.1, 5)} dlrs. Net ${f.x(1, 300, 1)} mln vs ${f.x(1, 300, 1)} mln. ${f.company} said results for the period include a gain of ${f.x(0.1, 20, 1)} mln dlrs from the sale of its ${f.place} unit.`,
  ],
  market: [
    (f) =>
      `Stocks closed ${f.n(0, 1) ? 'higher' : 'lower'} on ${f.day}, with the benchmark index ending at ${f.n(3000, 9000)}.${f.n(10, 99)} after a move of ${f.x(0.1, 3)} percent. The technology index moved ${f.x(0.1, 3)} percent to ${f.n(10000, 20000)}.${f.n(10, 99)}, while the industrial average finished at ${f.n(30000, 45000)}.${f.n(10, 99)}. About ${f.x(2, 12, 1)} billion shares changed hands. ${f.company} was the biggest gainer, up ${f.x(2, 20, 1)} percent.`,
    (f) =>
      `The dollar traded at ${f.x(100, 160)} yen in ${f.place} on ${f.day}, against ${f.x(100, 160)} yen late in the previous session. The euro stood at $${f.x(1, 1.3, 4)}, and gold was quoted at $${f.n(1800, 2600)} an ounce, ${f.n(0, 1) ? 'up' : 'down'} $${f.n(1, 40)} from the previous close. Ten-year bond yields were ${f.x(1, 5, 3)} percent.`,
    (f) =>
      `Brent crude futures settled at $${f.x(60, 110)} a barrel on ${f.day}, a change of ${f.x(0.1, 4)} percent, while U.S. crude finished at $${f.x(55, 105)}. Traders in ${f.place} said inventories fell by ${f.x(0.5, 9, 1)} million barrels in the week to ${f.date}, against forecasts of a ${f.x(0.5, 9, 1)} million barrel draw.`,
  ],
  sports: [
    (f) =>
      `${f.team1} beat ${f.team2} ${f.n(1, 5)}-${f.n(0, 4)} on ${f.day} at ${f.place} Stadium in front of ${f.n(5, 60)},${f.n(100, 999)} fans. ${f.person} scored in the ${f.n(1, 45)}th minute and ${f.person2} added a second after ${f.n(46, 90)} minutes. The win lifts ${f.team1} to ${f.n(10, 80)} points, ${f.n(1, 12)} clear of third place, with ${f.n(2, 20)} games left to play.`,
    (f) =>
      `${f.person} led ${f.team1} with ${f.n(15, 45)} points and ${f.n(2, 15)} rebounds as they defeated ${f.team2} ${f.n(90, 130)}-${f.n(80, 120)} on ${f.day}. ${f.person2} had ${f.n(10, 35)} points for ${f.team2}, who have lost ${f.n(2, 7)} of their last ${f.n(8, 10)} games. ${f.team1} improved to ${f.n(10, 50)}-${f.n(5, 40)} this season and play at home again on ${f.date}.`,
    (f) =>
      `${f.person} won the ${f.place} Open on ${f.day}, beating ${f.person2} ${f.n(6, 7)}-${f.n(1, 5)}, ${f.n(6, 7)}-${f.n(1, 5)} in the final. It was the ${f.n(2, 30)}th title of the ${f.n(19, 35)}-year-old's career and earned a prize of $${f.n(100, 900)},000. The tournament's ${f.n(2, 60)}th edition drew ${f.n(20, 90)},${f.n(100, 999)} spectators over ${f.n(5, 12)} days.`,
  ],
  weather: [
    (f) =>
      `${f.place} will be ${f.sky} on ${f.day} with a high of ${f.n(5, 35)} degrees and a low of ${f.n(-5, 20)} degrees. Winds from the north will blow at ${f.n(5, 60)} kilometres an hour, and there is a ${f.n(0, 100)} percent chance of rain. The outlook for ${f.date} is similar, with temperatures near ${f.n(5, 35)} degrees.`,
    (f) =>
      `The weather office issued a weather warning for ${f.place} on ${f.day}, saying up to ${f.n(10, 150)} millimetres of rain could fall by ${f.n(1, 12)} p.m. on ${f.date}. Gusts of up to ${f.n(40, 140)} kilometres an hour are expected near the coast, and ${f.n(2, 40)} flood alerts are in place across the region.`,
  ],
  court: [
    (f) =>
      `A ${f.n(18, 80)}-year-old man from ${f.place} was sentenced to ${f.n(2, 15)} years in prison on ${f.day} for ${f.offence}. ${f.person} was found guilty at ${f.place} Crown Court on ${f.date} after a ${f.n(2, 20)}-day trial. Judge ${f.person2} told him the offences had caused lasting harm. He must also pay ${f.n(500, 20000)} pounds in compensation.`,
    (f) =>
      `Police in ${f.place} arrested a ${f.n(16, 70)}-year-old woman on ${f.day} on suspicion of ${f.offence} after an incident on ${f.street} Road at about ${f.n(1, 12)}.${f.n(10, 59)} p.m. on ${f.date}. Officers asked anyone with information to call ${f.n(100, 999)} quoting reference ${f.n(1000, 9999)} of ${f.date}. Inspector ${f.person} said a ${f.n(20, 80)}-year-old man was treated in hospital.`,
  ],
};

/**
 * Fixed sentences a desk puts under every brief of a family (method notes, data credits,
 * disclaimers): they raise the shared text of two briefs to the level real automated items reach.
 */
const DESK_NOTES: Record<string, string[]> = {
  earnings: [
    'Earnings per share figures exclude one-time items unless stated otherwise.',
    'Analyst estimates are compiled from a survey of brokers taken in the week before the release.',
    'This story was produced automatically from the company filing and checked by an editor before publication.',
    'Past performance is not a reliable indicator of future results, and nothing in this report is investment advice.',
  ],
  market: [
    'Index levels are provisional and may be revised after the official close of trading.',
    'Trading volumes include all exchanges that report consolidated figures to the data provider.',
    'Prices are quoted in local currency unless noted, and all times are local.',
    'This market summary is updated several times a day as new prices come in from the exchanges.',
  ],
  sports: [
    'Results are provided by the league and are unofficial until confirmed by the match commissioner.',
    'Attendance figures are supplied by the home club and include season ticket holders.',
    'Full standings, fixtures and player statistics are available on the league website.',
    'This report was generated automatically from official match data.',
  ],
  weather: [
    'Forecasts are issued by the national weather service and are updated every three hours.',
    'Temperatures are given in degrees Celsius and wind speeds as ten minute averages.',
    'Residents are advised to check local warnings before travelling and to follow the advice of emergency services.',
    'The chance of rain is the likelihood of at least one millimetre falling at any point in the area.',
  ],
  court: [
    'The information in this report comes from court listings and police statements.',
    'Anyone charged with an offence is presumed innocent until proven guilty in a court of law.',
    'Reporting restrictions may apply to some cases, and names of victims are withheld.',
    'This court and crime round-up is compiled daily by the regional news desk.',
  ],
};

/** Two briefs from one frame of `family`, filled with different values, under the same desk notes. */
export function templatePair(r: Rand, family: string): [string, string] {
  const frame = pick(r, TEMPLATE_FAMILIES[family]!);
  const notes = DESK_NOTES[family]!.filter(() => r() < 0.6).join(' ');
  return [frame(fill(r)), frame(fill(r))].map((t) => (notes ? `${t}\n\n${notes}` : t)) as [string, string];
}

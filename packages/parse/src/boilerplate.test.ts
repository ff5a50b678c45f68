import { describe, expect, it } from 'vitest';
import { classifyBlock } from './boilerplate.js';

describe('classifyBlock: paywall prompts and calls to action in the languages news sites use', () => {
  it.each([
    'To view the full story, please subscribe to The Haitian Times.',
    'Subscribe now to our eNATION edition for the full story.',
    'Pour lire la suite de cet article, abonnez-vous.',
    'Ten tekst przeczytasz w całości po wykupieniu dostępu.',
    'Tú también puedes hacer periodismo incómodo. Cancela cuando quieras.',
  ])('a paywall or subscription prompt is a notice: %s', (line) => {
    expect(classifyBlock(line)).toBe('notice');
  });

  it.each([
    'Follow The Gleaner on Twitter and Instagram @JamaicaGleaner and on Facebook @GleanerJamaica.',
    'Submit your letter to the editor via this form.',
    '¿Ya sabías que en Guatemala.com tenemos canal de Telegram? Únete desde tu celular.',
    'War der Artikel nützlich?',
    'Möchten Sie den Artikel teilen?',
    'Entdecken Sie jetzt unsere Angebote',
  ])('a call to action is chrome: %s', (line) => {
    expect(classifyBlock(line)).toBe('chrome');
  });

  it.each(['Neueste Artikel', 'Vorschau auf den nächsten Artikel', 'Das könnte Sie auch interessieren!', 'Weitere Beiträge aus der Kolumne:', 'Valora esta noticia', '(Noch keine Bewertungen)'])(
    'a short section label or widget line is chrome: %s',
    (line) => {
      expect(classifyBlock(line)).toBe('chrome');
    },
  );

  it.each([
    'Advert',
    "DON'T MISS",
    'Tell us what YOU think...',
    'Like this story? Share it with a friend!',
    'Also on rt.com Journalists threatened with sedition arrests as Bolivia purges socialist elements',
    'Join our Space Forums to keep talking space on the latest missions, night sky and more!',
    '[button link="https://bikes.example/submit" type="big"] Send us YOUR kit review[/button]',
    "China furious at Macron for protest jibe [INSIGHT]| Lakers vs Nets: NBA make final decision [VIDEO] Hong Kong 'threatened' [PICS]",
    'You may also like...',
    'related news',
    'More Great WIRED Stories',
    'View author archive',
    'Reporting by Rodrigo Campos; additional reporting by Stephanie Kelly and Saqib Iqbal Ahmed; Editing by Nick Zieminski',
    '(Reporting by Greg Roumeliotis, Joshua Franklin, with reporting by Herb Lash, editing by Martin Howell.)',
    'Keith Bradsher contributed reporting from Hong Kong.',
    '[Related: Salesforce Dreamforce Keynote: AI, Integration, Alicia Keys And Protestors]',
    'Related post: Pickled Brussels Sprouts Recipe',
    'Also: See Black Friday coverage at CNET',
    'RECENT ARTICLES',
    'Filed under: Khawarij |',
    'Tempo de leitura: 1 minuto',
    'Iklan',
  ])('a teaser, ad label or unrendered shortcode is chrome: %s', (line) => {
    expect(classifyBlock(line)).toBe('chrome');
  });

  it('login, affiliate and newsletter lines are notices or sign-ups', () => {
    expect(classifyBlock('This slideshow requires JavaScript.')).toBe('notice');
    expect(classifyBlock('Let our news meet your inbox. The news and stories that matter, delivered weekday mornings.')).toBe('newsletter');
    expect(classifyBlock('This post may contain affiliate and/or referral links. Please see my disclosure page.')).toBe('notice');
    expect(classifyBlock('Sie sind aktuell nicht eingeloggt.')).toBe('notice');
    expect(classifyBlock('Anzeige, enthält Affiliate Links')).toBe('notice');
    expect(classifyBlock('Never miss the latest news by signing up to our free newsletter.')).toBe('newsletter');
  });

  it.each([
    'Also, the council said the first section would open in 2028.',
    'Colleagues who contributed reporting to the inquiry said the minister had been warned in March.',
    'The senator, who has 2 million followers on Twitter, said the vote would go ahead on Friday.',
    'Readers who follow the story on Facebook saw the first pictures of the flood on Monday morning.',
    'The newspaper said it would put the full story behind its paywall from next year, angering readers.',
  ])('news sentences about the same things stay article text: %s', (line) => {
    expect(classifyBlock(line)).toBeUndefined();
  });
});

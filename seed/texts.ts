/**
 * Text pools of the client plans, in Finnish and Swedish: the client's situation, goals, and a
 * planned service's schedule and instructions. Invented, but written the way a case worker does.
 */
export const SITUATIONS_FI = [
  'Asuu yksin kerrostalossa, liikkuu rollaattorin kanssa. Muisti on heikentynyt viimeisen vuoden aikana.',
  'Asuu puolison kanssa omakotitalossa. Puoliso on omaishoitaja ja tarvitsee säännöllisiä vapaita.',
  'Aivoinfarktin jälkeen oikean puolen toimintakyky on alentunut; kuntoutus jatkuu kotona.',
  'Näkö on heikentynyt, asiointi ja ruoanlaitto ovat vaikeutuneet. Sosiaalinen verkosto on pieni.',
  'Liikuntavamma, käyttää pyörätuolia. Haluaa jatkaa harrastuksiaan ja asua omassa kodissaan.',
];
export const SITUATIONS_SV = [
  'Bor ensam i höghus och rör sig med rollator. Minnet har försämrats under det senaste året.',
  'Bor med sin make i egnahemshus. Maken är närståendevårdare och behöver regelbunden ledighet.',
  'Efter en stroke är funktionsförmågan på höger sida nedsatt; rehabiliteringen fortsätter hemma.',
];
export const GOALS_FI = [
  'Asuu turvallisesti omassa kodissaan',
  'Liikkuu itsenäisesti ulkona kerran viikossa',
  'Syö säännöllisesti ja monipuolisesti',
  'Osallistuu päivätoimintaan ja tapaa ystäviä',
  'Omaishoitaja jaksaa arjessa',
];
export const GOALS_SV = [
  'Bor tryggt i sitt eget hem',
  'Rör sig självständigt utomhus en gång i veckan',
  'Äter regelbundet och mångsidigt',
  'Deltar i dagverksamhet och träffar vänner',
];
export const SCHEDULES = [
  'ma–pe aamuisin',
  'ti ja to iltapäivisin',
  'kerran viikossa',
  'arkipäivisin klo 11',
  'sopimuksen mukaan',
  'joka toinen viikko',
];
export const INSTRUCTIONS = [
  'Avain avainsäilössä, koodi asiakkaalta.',
  'Asiakas kuulee huonosti: soita ovikelloa pitkään.',
  'Muista lääkedosetti.',
  'Asiakas haluaa asioida itse, avustetaan tarvittaessa.',
  null,
];

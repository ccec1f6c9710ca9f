/** Finnish and Swedish given names and surnames, and street names, for synthetic people. */
export const FINNISH_FEMALE = ['Aino', 'Anneli', 'Anna', 'Eeva', 'Elina', 'Helena', 'Hilkka', 'Irma', 'Kaarina', 'Kirsti', 'Leena', 'Liisa', 'Maija', 'Marjatta', 'Pirkko', 'Raili', 'Ritva', 'Sirkka', 'Tuula', 'Tyyne', 'Vieno', 'Aili', 'Eila', 'Terttu'];
export const FINNISH_MALE = ['Antero', 'Eino', 'Erkki', 'Heikki', 'Jorma', 'Juhani', 'Kalevi', 'Kari', 'Matti', 'Mikko', 'Olavi', 'Pauli', 'Pekka', 'Pentti', 'Raimo', 'Reijo', 'Seppo', 'Tapio', 'Timo', 'Toivo', 'Unto', 'Veikko', 'Väinö', 'Ilmari'];
export const FINNISH_SURNAMES = ['Korhonen', 'Virtanen', 'Mäkinen', 'Nieminen', 'Mäkelä', 'Hämäläinen', 'Laine', 'Heikkinen', 'Koskinen', 'Järvinen', 'Lehtonen', 'Lehtinen', 'Saarinen', 'Salminen', 'Heinonen', 'Niemi', 'Heikkilä', 'Kinnunen', 'Salonen', 'Turunen', 'Salo', 'Laitinen', 'Tuominen', 'Rantanen', 'Karjalainen', 'Jokinen', 'Mattila', 'Savolainen', 'Lahtinen', 'Ahonen', 'Kähkönen', 'Pääkkönen', 'Huttunen', 'Kemppainen', 'Pulkkinen', 'Räsänen'];
export const SWEDISH_FEMALE = ['Anna', 'Astrid', 'Birgitta', 'Britt', 'Elsa', 'Ingrid', 'Karin', 'Margareta', 'Maj-Britt', 'Sigrid', 'Solveig', 'Ulla'];
export const SWEDISH_MALE = ['Bengt', 'Bo', 'Erik', 'Gunnar', 'Göran', 'Håkan', 'Johan', 'Karl', 'Lars', 'Nils', 'Sven', 'Ture'];
export const SWEDISH_SURNAMES = ['Andersson', 'Backman', 'Björklund', 'Eriksson', 'Holmström', 'Johansson', 'Lindholm', 'Lindström', 'Nyman', 'Sjöberg', 'Strömberg', 'Westerlund', 'Åkerblom', 'Östman'];
export const ENGLISH_FEMALE = ['Margaret', 'Olga', 'Fatima', 'Mary'];
export const ENGLISH_MALE = ['John', 'Ahmed', 'Sergei', 'David'];
export const ENGLISH_SURNAMES = ['Smith', 'Ivanova', 'Hassan', 'Brown', 'Petrov'];
export const FINNISH_STREETS = ['Kauppakatu', 'Koulukatu', 'Rantatie', 'Kirkkokatu', 'Asemakatu', 'Puistotie', 'Koivukuja', 'Mäntytie', 'Myllytie', 'Pajakatu', 'Torikatu', 'Sairaalakatu'];
export const SWEDISH_STREETS = ['Storgatan', 'Skolgatan', 'Kyrkogatan', 'Strandvägen', 'Björkvägen', 'Handelsesplanaden', 'Hovrättsesplanaden'];
export const PROVIDER_PREFIXES = ['Kotiapu', 'Hoivapalvelu', 'Arjen Tuki', 'Seniorihoiva', 'Kotihoiva', 'Hyvä Arki', 'Apukäsi', 'Lähiapu', 'Huolenpito', 'Voimavara', 'Kunto', 'Virkku'];
export const PROVIDER_SWEDISH = ['Omsorg', 'Hemhjälp', 'Vårdtjänst', 'Trygg Vardag'];
export const PROVIDER_SUFFIXES = ['Oy', 'Ky', 'Oy', 'Oy Ab', 'ry'];
